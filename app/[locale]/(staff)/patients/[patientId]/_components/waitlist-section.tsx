import { getLocale, getTranslations } from "next-intl/server";
import { Disclosure } from "@/components/ui/disclosure";
import { getDb } from "@/db/client";
import type { Locale } from "@/db/schema";
import { listDoctors } from "@/lib/appointments/queries";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/dates";
import { listWaitlist } from "@/lib/waitlist/entries";
import { describePreference } from "../../../waitlist/_components/describe-entry";
import { WaitlistEntryForm } from "../../../waitlist/_components/waitlist-entry-form";

/** The chart's waitlist: whether the patient is waiting for a slot, and "add to waitlist". */
export async function WaitlistSection({ patientId }: { patientId: string }) {
  const ctx = await requireStaff("patients:read");
  const [db, t, locale] = await Promise.all([getDb(), getTranslations("waitlist"), getLocale() as Promise<Locale>]);
  const [entries, doctors] = await Promise.all([
    listWaitlist(db, { clinicId: ctx.clinicId, patientId }),
    listDoctors(db, { clinicId: ctx.clinicId, locale }),
  ]);
  const timeZone = ctx.clinic.timezone;
  return (
    <section aria-labelledby="waitlist-heading" className="space-y-3" data-testid="waitlist-section">
      <h2 id="waitlist-heading" className="text-lg font-semibold">
        {t("chart.title")}
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-gray-600">{t("chart.none")}</p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
          {entries.map((entry) => (
            <li key={entry.id} className="px-4 py-3 text-sm">
              <p className="font-medium">
                {t("chart.entry", {
                  date: formatDateTime(entry.createdAt, { locale, timeZone }),
                  doctor: entry.doctorName ?? t("anyDoctor"),
                })}
              </p>
              <p className="text-gray-700">
                {describePreference(entry, {
                  day: (d) => t(`weekdayNames.${d}` as "weekdayNames.0"),
                  anyTime: t("anyTime"),
                  until: (date) => t("until", { date }),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {can(ctx.role, "appointments:write") && (
        <Disclosure title={t("addTitle")} help={t("addHelp")}>
          <WaitlistEntryForm patientId={patientId} doctors={doctors} />
        </Disclosure>
      )}
    </section>
  );
}
