import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/dates";
import { listFormRequests } from "@/lib/forms/queries";
import { Link } from "@/components/ui/link";
import { cn } from "@/components/ui/cn";
import { SendIntakeFormButton } from "./send-intake-form-button";

const STATUS_TONE = {
  sent: "bg-gray-100 text-gray-700",
  opened: "bg-blue-50 text-blue-700",
  completed: "bg-green-100 text-green-800",
} as const;

/** The chart's intake forms: send one, and see each one sent / opened / completed, with its answers a click away. */
export async function IntakeFormsSection({ patientId }: { patientId: string }) {
  const ctx = await requireStaff("patients:read");
  const [db, t, locale] = await Promise.all([getDb(), getTranslations("intakeForms"), getLocale()]);
  const rows = await listFormRequests(db, { clinicId: ctx.clinicId, patientId });
  const timeZone = ctx.clinic.timezone;
  const when = (date: Date) => formatDateTime(date, { locale, timeZone });
  return (
    <section aria-labelledby="intake-forms-heading" className="space-y-3" data-testid="intake-forms-section">
      <h2 id="intake-forms-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <div className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
        <p className="text-sm text-gray-600">{t("help")}</p>
        {can(ctx.role, "patients:write") && <SendIntakeFormButton patientId={patientId} />}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200" aria-label={t("tableLabel")}>
          {rows.map((row) => (
            <li
              key={row.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 text-sm"
              data-testid="intake-form"
              data-status={row.status}
            >
              <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", STATUS_TONE[row.status])}>
                {t(`status.${row.status}`)}
              </span>
              <span className="text-gray-700">
                {t("sentAt", { date: when(row.sentAt) })} ·{" "}
                {row.trigger === "first_visit"
                  ? t("trigger.first_visit")
                  : row.sentByName
                    ? t("trigger.staff", { name: row.sentByName })
                    : t("trigger.staffUnknown")}
              </span>
              {row.openedAt && <span className="text-gray-600">{t("openedAt", { date: when(row.openedAt) })}</span>}
              {row.submittedAt && <span className="text-gray-600">{t("submittedAt", { date: when(row.submittedAt) })}</span>}
              {row.answersUpdatedAt && row.submittedAt && row.answersUpdatedAt.getTime() !== row.submittedAt.getTime() && (
                <span className="text-gray-600">{t("updatedAt", { date: when(row.answersUpdatedAt) })}</span>
              )}
              {row.status === "completed" && (
                <Link href={`/patients/${patientId}/forms/${row.id}`} className="ml-auto font-medium text-brand-700 hover:underline">
                  {t("viewAnswers")}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
