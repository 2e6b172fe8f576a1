import { getLocale, getTranslations } from "next-intl/server";
import { Disclosure } from "@/components/ui/disclosure";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/dates";
import { listCareInstructions, listVisitsToFollowUp } from "@/lib/care-instructions/queries";
import { CareInstructionsForm } from "./care-instructions-form";

/** The chart's care instructions: what each doctor wrote and when, and the form for doctors. */
export async function CareInstructionsSection({ patientId }: { patientId: string }) {
  const ctx = await requireStaff("patients:read");
  const [db, t, locale] = await Promise.all([getDb(), getTranslations("careInstructions"), getLocale()]);
  const canWrite = can(ctx.role, "care_instructions:write");
  const now = new Date();
  const [rows, visits] = await Promise.all([
    listCareInstructions(db, { clinicId: ctx.clinicId, patientId }),
    canWrite ? listVisitsToFollowUp(db, { clinicId: ctx.clinicId, patientId, now }) : [],
  ]);
  const timeZone = ctx.clinic.timezone;
  const latestPast = visits.find((v) => v.startsAt.getTime() <= now.getTime());
  return (
    <section aria-labelledby="care-instructions-heading" className="space-y-3" data-testid="care-instructions-section">
      <h2 id="care-instructions-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      {canWrite && (
        <Disclosure title={t("writeTitle")} help={t("writeHelp")}>
          <CareInstructionsForm
            patientId={patientId}
            defaultAppointmentId={latestPast?.id}
            appointments={visits.map((v) => ({ id: v.id, label: `${formatDateTime(v.startsAt, { locale, timeZone })} · ${v.doctorName}` }))}
          />
        </Disclosure>
      )}
      {rows.length === 0 ? (
        <p className="text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
          {rows.map((row) => (
            <li key={row.id} className="px-4 py-3 text-sm" data-testid="care-instructions">
              <p className="font-medium">
                {t("writtenBy", { doctor: row.doctorName, date: formatDateTime(row.createdAt, { locale, timeZone }) })}
              </p>
              <p className="mt-1 whitespace-pre-line text-gray-700">{row.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
