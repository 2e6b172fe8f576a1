import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { countPatients, listAppointmentsBetween } from "@/lib/appointments/queries";
import { formatDateTime } from "@/lib/dates";
import { Link } from "@/i18n/navigation";

export default async function HomePage() {
  const ctx = await requireStaff("appointments:read");
  const [t, locale, db] = await Promise.all([getTranslations("home"), getLocale(), getDb()]);
  const now = new Date();
  const weekAhead = new Date(now.getTime() + 7 * 24 * 60 * 60_000);
  const [upcoming, patientTotal] = await Promise.all([
    listAppointmentsBetween(db, { clinicId: ctx.clinicId, from: now, to: weekAhead }),
    countPatients(db, { clinicId: ctx.clinicId }),
  ]);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("greeting", { name: ctx.name })}</h1>
      <dl className="grid gap-4 sm:grid-cols-2">
        <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
          <dt className="sr-only">{t("patientsCount", { count: patientTotal })}</dt>
          <dd className="text-lg font-semibold">{t("patientsCount", { count: patientTotal })}</dd>
        </div>
        <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
          <dt className="sr-only">{t("appointmentsCount", { count: upcoming.length })}</dt>
          <dd className="text-lg font-semibold">{t("appointmentsCount", { count: upcoming.length })}</dd>
        </div>
      </dl>
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
                  <time dateTime={a.startsAt.toISOString()}>{formatDateTime(a.startsAt, { locale, timeZone: ctx.clinic.timezone })}</time>
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
