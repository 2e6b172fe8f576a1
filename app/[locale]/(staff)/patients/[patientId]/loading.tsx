import { getTranslations } from "next-intl/server";

/** While the chart loads: the shape of its sections, announced once to screen readers. */
export default async function PatientChartLoading() {
  const t = await getTranslations("patients");
  return (
    <div className="max-w-4xl space-y-8" aria-busy="true">
      <p role="status" className="sr-only">
        {t("chart.loading")}
      </p>
      <div className="space-y-2">
        <div className="h-7 w-64 animate-pulse rounded bg-gray-200" />
        <div className="h-4 w-40 animate-pulse rounded bg-gray-100" />
      </div>
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-40 animate-pulse rounded-lg bg-white ring-1 ring-gray-200" />
      ))}
    </div>
  );
}
