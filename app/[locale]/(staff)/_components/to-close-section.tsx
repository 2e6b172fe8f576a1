import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/dates";
import { getResultsRules, listVisitsToClose } from "@/lib/results/outcomes";
import { Link } from "@/components/ui/link";
import { CloseVisitButtons } from "./close-visit-buttons";

const SHOWN = 10;

/** The "to close" list (home and calendar): past visits nobody marked, oldest first, one click each. */
export async function ToCloseSection({ ctx }: { ctx: StaffContext }) {
  const [t, locale, db] = await Promise.all([getTranslations("toClose"), getLocale(), getDb()]);
  const rules = await getResultsRules(db, { clinicId: ctx.clinicId });
  if (!rules) return null;
  const { total, rows } = await listVisitsToClose(db, { clinicId: ctx.clinicId, now: new Date(), rules, limit: SHOWN });
  const canWrite = can(ctx.role, "appointments:write");
  return (
    <section
      id="to-close"
      aria-labelledby="to-close-heading"
      className="rounded-lg bg-white shadow-sm ring-1 ring-gray-200"
      data-testid="to-close"
    >
      <div className="border-b border-gray-200 px-4 py-3">
        <h2 id="to-close-heading" className="text-base font-semibold">
          {t("title")} {total > 0 && <span className="ml-1 rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900">{total}</span>}
        </h2>
        {total > 0 && <p className="mt-0.5 text-sm text-gray-600">{t("description")}</p>}
      </div>
      {total === 0 ? (
        <p className="px-4 py-4 text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-gray-100">
          {rows.map((v) => {
            const name = `${v.patientFirstName} ${v.patientLastName}`;
            return (
              <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                <div>
                  <Link href={`/patients/${v.patientId}`} className="font-medium text-brand-700 hover:underline">
                    {name}
                  </Link>
                  <span className="text-gray-500"> · {t("with", { doctor: v.doctorName })}</span>
                  <div className="text-gray-700">
                    <time dateTime={v.startsAt.toISOString()}>{formatDateTime(v.startsAt, { locale, timeZone: rules.timeZone })}</time>
                    {v.status === "confirmed" && (
                      <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{t("confirmed")}</span>
                    )}
                  </div>
                </div>
                {canWrite && <CloseVisitButtons appointmentId={v.id} patientName={name} />}
              </li>
            );
          })}
          {total > rows.length && <li className="px-4 py-2 text-sm text-gray-600">{t("more", { count: total - rows.length })}</li>}
        </ul>
      )}
    </section>
  );
}
