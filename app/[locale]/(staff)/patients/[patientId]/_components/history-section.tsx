import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listPatientHistory } from "@/lib/patients/chart";
import { formatDateTime } from "@/lib/dates";
import { StatusBadge } from "@/components/messages/status-badge";
import { getLogLabels } from "@/lib/message-log/labels";

/** While the history loads: its shape, announced to screen readers. */
export async function HistorySkeleton() {
  const t = await getTranslations("patients");
  return (
    <div className="space-y-2" aria-busy="true">
      <p role="status" className="text-sm text-gray-600">
        {t("chart.loading")}
      </p>
      <div className="h-32 animate-pulse rounded-lg bg-white ring-1 ring-gray-200" />
    </div>
  );
}

/** Every message to the patient and every reply, newest first, in one list (the caller has checked the patient is this clinic's). */
export async function HistorySection({ clinicId, patientId, timeZone }: { clinicId: string; patientId: string; timeZone: string }) {
  const [t, locale, db] = await Promise.all([getTranslations("patients"), getLocale(), getDb()]);
  const labels = await getLogLabels(locale === "en" ? "en" : "es");
  const entries = await listPatientHistory(db, { clinicId, patientId });
  const when = (at: Date) => formatDateTime(at, { locale, timeZone });
  return (
    <section aria-labelledby="history-heading" className="space-y-2">
      <h2 id="history-heading" className="text-lg font-semibold">
        {t("chart.historyTitle")}
      </h2>
      <p className="text-sm text-gray-600">{t("chart.historyHint")}</p>
      {entries.length === 0 ? (
        <p className="rounded-lg bg-white px-4 py-6 text-center text-sm text-gray-600 ring-1 ring-gray-200">{t("chart.historyEmpty")}</p>
      ) : (
        <ol className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200" data-testid="history">
          {entries.map((entry) =>
            entry.kind === "reply" ? (
              <li key={`r-${entry.id}`} className="flex gap-3 bg-sky-50/60 px-4 py-3 text-sm" data-testid="reply">
                <span aria-hidden className="mt-0.5 text-sky-700">
                  ↙
                </span>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                    <span className="sr-only">{t("chart.incoming")}:</span>
                    <span className="font-medium">{t(`chart.intents.${entry.intent}` as "chart.intents.message")}</span>
                    <span className="text-gray-600">{labels.channel(entry.channel)}</span>
                    <time className="ml-auto text-xs text-gray-500" dateTime={entry.at.toISOString()}>
                      {when(entry.at)}
                    </time>
                  </p>
                  {entry.body && <q className="mt-1 block break-words text-gray-700">{entry.body}</q>}
                </div>
              </li>
            ) : (
              <li
                key={`d-${entry.id}`}
                className="flex gap-3 px-4 py-3 text-sm"
                data-testid="history-delivery"
                data-channel={entry.channel}
              >
                <span aria-hidden className="mt-0.5 text-brand-700">
                  {entry.fallbackOfId ? "↳" : "↗"}
                </span>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                    <span className="sr-only">{t("chart.outgoing")}:</span>
                    <span className="font-medium">{labels.type(entry.notificationType)}</span>
                    <span className="text-gray-600">{labels.channel(entry.channel)}</span>
                    <StatusBadge status={entry.status} label={labels.status(entry.status)} />
                    {entry.simulated && (
                      <span className="rounded-full bg-purple-50 px-2 py-0.5 text-xs text-purple-700">{t("chart.simulated")}</span>
                    )}
                    <time className="ml-auto text-xs text-gray-500" dateTime={entry.at.toISOString()}>
                      {when(entry.at)}
                    </time>
                  </p>
                  <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-gray-600">
                    {entry.fallbackOfId && <span>{t("chart.fallback")}</span>}
                    {entry.appointmentStartsAt && <span>{t("chart.forVisit", { date: when(entry.appointmentStartsAt) })}</span>}
                    {entry.errorCode && ["failed", "undelivered", "skipped", "cancelled"].includes(entry.status) && (
                      <span>{labels.reason(entry.channel, entry.errorCode)}</span>
                    )}
                    {entry.attempts > 1 && <span>{t("chart.attempts", { count: entry.attempts })}</span>}
                  </p>
                </div>
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
