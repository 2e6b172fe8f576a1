import { getTranslations } from "next-intl/server";

/** Shown while the server reads a page of the log (first load and navigation between views). */
export default async function MessagesLoading() {
  const t = await getTranslations("messageLog");
  return (
    <div className="space-y-4" aria-busy="true">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p role="status" className="text-sm text-gray-600">
        {t("loading")}
      </p>
      <div className="space-y-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-8 animate-pulse rounded bg-gray-100" />
        ))}
      </div>
    </div>
  );
}
