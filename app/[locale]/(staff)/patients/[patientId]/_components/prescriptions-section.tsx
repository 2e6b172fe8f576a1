import { getLocale, getTranslations } from "next-intl/server";
import { Disclosure } from "@/components/ui/disclosure";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/dates";
import { listPrescriptions } from "@/lib/prescriptions/queries";
import { listVisitsToFollowUp } from "@/lib/care-instructions/queries";
import { PrescriptionForm } from "./prescription-form";

/** The chart's prescriptions: who wrote each and when, its PDF (opened through the audited staff route), and the form for doctors. */
export async function PrescriptionsSection({ patientId }: { patientId: string }) {
  const ctx = await requireStaff("patients:read");
  const [db, t, locale] = await Promise.all([getDb(), getTranslations("prescriptions"), getLocale()]);
  const canWrite = can(ctx.role, "prescriptions:write");
  const [rows, visits] = await Promise.all([
    listPrescriptions(db, { clinicId: ctx.clinicId, patientId }),
    canWrite ? listVisitsToFollowUp(db, { clinicId: ctx.clinicId, patientId, now: new Date() }) : [],
  ]);
  const timeZone = ctx.clinic.timezone;
  return (
    <section aria-labelledby="prescriptions-heading" className="space-y-3" data-testid="prescriptions-section">
      <h2 id="prescriptions-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      {canWrite && (
        <Disclosure title={t("writeTitle")} help={t("writeHelp")}>
          <PrescriptionForm
            patientId={patientId}
            appointments={visits.map((v) => ({ id: v.id, label: `${formatDateTime(v.startsAt, { locale, timeZone })} · ${v.doctorName}` }))}
          />
        </Disclosure>
      )}
      {rows.length === 0 ? (
        <p className="text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
          {rows.map((row) => (
            <li key={row.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 text-sm" data-testid="prescription">
              <span className="font-medium">
                {t("writtenBy", { doctor: row.doctorName, date: formatDateTime(row.createdAt, { locale, timeZone }) })}
              </span>
              <span className="flex items-baseline gap-3">
                <span className="text-gray-600">{t("itemCount", { count: row.items.length })}</span>
                {row.documentId && (
                  <a
                    href={`/api/documents/${row.documentId}`}
                    target="_blank"
                    rel="noopener"
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {t("viewPdf")}
                  </a>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
