import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Locale } from "@/db/schema";
import { requireStaff } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/dates";
import { getDeliveryDetail, renderDeliveryContent } from "@/lib/message-log/detail";
import { getLogLabels, maskedPatient } from "@/lib/message-log/labels";
import { Link } from "@/components/ui/link";
import { BackToLog } from "../_components/back-to-log";
import { StatusBadge } from "@/components/messages/status-badge";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("messageLog"))("title") };
}

export default async function DeliveryDetailPage({ params }: { params: Promise<{ deliveryId: string }> }) {
  const ctx = await requireStaff("messages:read");
  const { deliveryId } = await params;
  const db = await getDb();
  // Another clinic's delivery, a malformed id and an unknown one all look the same: not found.
  const detail = await getDeliveryDetail(db, { clinicId: ctx.clinicId, deliveryId });
  if (!detail) notFound();

  const locale = (await getLocale()) as Locale;
  const [t, tp, labels, content] = await Promise.all([
    getTranslations("messageLog"),
    getTranslations("patients"),
    getLogLabels(locale),
    renderDeliveryContent(detail),
  ]);
  const { delivery, patient, appointment } = detail;
  const timeZone = ctx.clinic.timezone;
  const when = (date: Date | null) => (date ? formatDateTime(date, { locale, timeZone }) : t("detail.none"));
  const reason = labels.statusNote(delivery, timeZone);
  const source = (value: string) => (t.has(`detail.sources.${value}` as never) ? t(`detail.sources.${value}` as never) : value);

  return (
    <div className="max-w-4xl space-y-6">
      <BackToLog label={t("detail.back")} />

      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">
          {t("detail.title", { type: labels.type(delivery.notificationType), channel: labels.channel(delivery.channel) })}
        </h1>
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge status={delivery.status} label={labels.status(delivery.status)} />
          {delivery.simulated && (
            <span
              data-testid="outbox-badge"
              className="rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-amber-300"
            >
              {t("detail.outbox")}
            </span>
          )}
          {reason && <span className="text-sm text-gray-700">{reason}</span>}
        </div>
        {delivery.simulated && <p className="text-sm text-gray-600">{t("detail.outboxHint")}</p>}
      </header>

      <section aria-labelledby="summary" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
        <h2 id="summary" className="mb-3 text-lg font-semibold">
          {t("detail.summary")}
        </h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-gray-600">{t("detail.patient")}</dt>
            <dd className="font-medium">
              {maskedPatient(patient.firstName, patient.phoneLast4)}{" "}
              <Link href={`/patients/${patient.id}`} className="ml-1 font-normal text-brand-700 underline">
                {t("detail.openPatient")}
              </Link>
            </dd>
          </div>
          <div>
            <dt className="text-gray-600">{t("detail.sendAt")}</dt>
            <dd>{when(delivery.sendAt)}</dd>
          </div>
          <div>
            <dt className="text-gray-600">{t("detail.lastAttempt")}</dt>
            <dd>{when(delivery.lastAttemptAt)}</dd>
          </div>
          <div>
            <dt className="text-gray-600">{t("detail.attempts")}</dt>
            <dd className="tabular-nums">{delivery.attempts}</dd>
          </div>
          <div>
            <dt className="text-gray-600">{t("detail.providerId")}</dt>
            <dd className="break-all font-mono text-xs" data-testid="provider-id">
              {delivery.providerMessageId ?? t("detail.none")}
            </dd>
          </div>
          <div>
            <dt className="text-gray-600">{t("detail.language")}</dt>
            <dd>{tp(`locales.${delivery.locale}`)}</dd>
          </div>
          {appointment && (
            <div>
              <dt className="text-gray-600">{t("detail.appointment")}</dt>
              <dd>{when(appointment.startsAt)}</dd>
            </div>
          )}
        </dl>
      </section>

      <section aria-labelledby="content" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
        <h2 id="content" className="mb-1 text-lg font-semibold">
          {t("detail.content")}
        </h2>
        {content.kind === "unavailable" ? (
          <p className="text-sm text-gray-600">{t("detail.contentUnavailable")}</p>
        ) : (
          <>
            <p className="mb-3 text-sm text-gray-600">
              {t(
                content.kind === "sent"
                  ? "detail.contentSent"
                  : content.kind === "rebuilt"
                    ? "detail.contentRebuilt"
                    : "detail.contentPreview",
              )}
            </p>
            {content.subject && (
              <p className="mb-2 text-sm">
                <span className="text-gray-600">{t("detail.subject")}: </span>
                <span className="font-medium">{content.subject}</span>
              </p>
            )}
            <blockquote
              lang={delivery.locale}
              data-testid="delivery-content"
              className="max-w-xl whitespace-pre-wrap rounded-2xl rounded-tl-sm bg-emerald-50 px-4 py-3 text-sm leading-relaxed text-gray-900 ring-1 ring-emerald-200"
            >
              {content.text}
            </blockquote>
          </>
        )}
      </section>

      <section aria-labelledby="history" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
        <h2 id="history" className="mb-3 text-lg font-semibold">
          {t("detail.history")}
        </h2>
        {detail.events.length === 0 ? (
          <p className="text-sm text-gray-600">{t("detail.historyEmpty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="status-history">
              <thead className="text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">
                    {t("detail.historyTime")}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t("detail.historyStatus")}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t("detail.historySource")}
                  </th>
                  <th scope="col" className="py-2">
                    {t("detail.historyError")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {detail.events.map((event) => (
                  <tr key={event.id}>
                    <td className="whitespace-nowrap py-2 pr-4 tabular-nums">{when(event.occurredAt)}</td>
                    <td className="py-2 pr-4">
                      <StatusBadge status={event.status} label={labels.status(event.status)} />
                    </td>
                    <td className="py-2 pr-4">{source(event.source)}</td>
                    <td className="py-2 text-gray-700">{labels.reason(delivery.channel, event.errorCode) ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="chain" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
        <h2 id="chain" className="mb-1 text-lg font-semibold">
          {t("detail.chain")}
        </h2>
        <p className="mb-3 text-sm text-gray-600">{t("detail.chainHint")}</p>
        {detail.chain.length <= 1 ? (
          <p className="text-sm text-gray-600">{t("detail.chainNone")}</p>
        ) : (
          <ol className="space-y-2 text-sm" data-testid="fallback-chain">
            {detail.chain.map((link) => {
              const current = link.id === delivery.id;
              const words = `${labels.channel(link.channel)} · ${labels.status(link.status)} · ${when(link.sendAt)}`;
              return (
                <li key={link.id} style={{ paddingLeft: `${link.depth * 1.25}rem` }} className="flex items-center gap-2">
                  <span aria-hidden="true" className="text-gray-400">
                    {link.depth > 0 ? "↳" : "•"}
                  </span>
                  {current ? (
                    <span aria-current="true" className="font-semibold">
                      {words} ({t("detail.chainCurrent")})
                    </span>
                  ) : (
                    <Link href={`/messages/${link.id}`} className="text-brand-700 underline">
                      {words}
                    </Link>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
