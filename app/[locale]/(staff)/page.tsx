import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { getHomeSummary } from "@/lib/appointments/home-summary";
import { formatDateTime } from "@/lib/dates";
import { Link } from "@/components/ui/link";
import { SetupChecklistSection } from "./_components/setup-checklist-section";
import { ToCloseSection } from "./_components/to-close-section";

/** One card of the home page: what it counts is a link to the list or the calendar view that shows it. */
function CountCard({
  href,
  count,
  detail,
  action,
  testId,
}: {
  href: string;
  count: string;
  detail?: string;
  action: string;
  testId: string;
}) {
  return (
    <li>
      <Link
        href={href}
        data-testid={testId}
        className="group block h-full rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 hover:ring-brand-500"
      >
        <span className="block text-lg font-semibold text-gray-900">{count}</span>
        {detail && <span className="mt-0.5 block text-sm text-gray-600">{detail}</span>}
        <span className="mt-2 block text-sm font-medium text-brand-700 group-hover:underline">
          {action} <span aria-hidden>→</span>
        </span>
      </Link>
    </li>
  );
}

export default async function HomePage() {
  const ctx = await requireStaff("appointments:read");
  const [t, locale, db] = await Promise.all([getTranslations("home"), getLocale(), getDb()]);
  const timeZone = ctx.clinic.timezone;
  const { patientTotal, week, upcoming } = await getHomeSummary(db, { clinicId: ctx.clinicId, timeZone, now: new Date() });
  const weekRange = new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
  }).formatRange(week.from, new Date(week.to.getTime() - 1));

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("greeting", { name: ctx.name })}</h1>
      <SetupChecklistSection ctx={ctx} />
      <ul className="grid gap-4 sm:grid-cols-2">
        <CountCard href="/patients" testId="home-patients" count={t("patientsCount", { count: patientTotal })} action={t("patientsLink")} />
        <CountCard
          href={`/calendar?view=week&date=${week.firstDay}`}
          testId="home-week"
          count={t("appointmentsCount", { count: week.total })}
          detail={t("weekRange", { range: weekRange })}
          action={t("weekLink")}
        />
      </ul>
      <ToCloseSection ctx={ctx} />
      <section aria-labelledby="upcoming-heading" className="rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
        <h2 id="upcoming-heading" className="border-b border-gray-200 px-4 py-3 text-base font-semibold">
          {t("upcomingTitle")}
        </h2>
        {upcoming.length === 0 ? (
          <p className="px-4 py-6 text-sm text-gray-600">{t("noUpcoming")}</p>
        ) : (
          <ul className="divide-y divide-gray-100">
            {upcoming.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                <div>
                  <Link href={`/patients/${a.patientId}`} className="font-medium text-brand-700 hover:underline">
                    {a.patientFirstName} {a.patientLastName}
                  </Link>
                  <span className="text-gray-500"> · {t("with", { doctor: a.doctorName })}</span>
                </div>
                <div className="flex items-center gap-3 text-gray-700">
                  <time dateTime={a.startsAt.toISOString()}>{formatDateTime(a.startsAt, { locale, timeZone })}</time>
                  <span className="rounded-full bg-gray-100 px-2 py-0.5 text-xs">{t(`kind.${a.kind}`)}</span>
                  <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{t(`status.${a.status}`)}</span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
