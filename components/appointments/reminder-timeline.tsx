import { useTranslations } from "next-intl";
import type { AppointmentMessage } from "@/lib/appointments/queries";
import { cn } from "@/components/ui/cn";
import { StatusBadge } from "@/components/messages/status-badge";

/**
 * Every message planned or sent for one appointment, each fallback right under the message it replaces
 * (WhatsApp ✗ → ↳ SMS ✓), with the stages it reached (planned → sent → delivered → read) and their times,
 * and the patient's confirmation at the end — so staff see at a glance whether the patient was reached.
 * No client state: it renders inside the chart (server) and the calendar's dialog (client) alike.
 */

type Message = Pick<
  AppointmentMessage,
  "id" | "notificationType" | "channel" | "status" | "sendAt" | "errorCode" | "simulated" | "fallbackOfId" | "providerMessageId"
> & {
  history?: AppointmentMessage["history"];
  forecast?: AppointmentMessage["forecast"];
  sentBody?: string | null;
  locale?: string;
};

/** Messages in order, each fallback right under the one it replaces. */
export function chainMessages<M extends { id: string; fallbackOfId: string | null }>(messages: M[]): { message: M; depth: number }[] {
  const children = new Map<string, M[]>();
  for (const m of messages) if (m.fallbackOfId) children.set(m.fallbackOfId, [...(children.get(m.fallbackOfId) ?? []), m]);
  const out: { message: M; depth: number }[] = [];
  const visit = (m: M, depth: number) => {
    out.push({ message: m, depth });
    for (const child of children.get(m.id) ?? []) visit(child, depth + 1);
  };
  for (const m of messages) if (!m.fallbackOfId || !messages.some((p) => p.id === m.fallbackOfId)) visit(m, 0);
  return out;
}

const STAGES = ["planned", "sent", "delivered", "read"] as const;
type Stage = (typeof STAGES)[number];
const STAGE_OF: Partial<Record<string, Stage>> = {
  scheduled: "planned",
  queued: "sent",
  sent: "sent",
  delivered: "delivered",
  read: "read",
};
const REACHED = new Set(["delivered", "read"]);

/** When each stage was first reached (from the status history; the current status counts even without an event). */
export function stagesOf(message: Message): Partial<Record<Stage, Date | null>> {
  const out: Partial<Record<Stage, Date | null>> = { planned: null };
  for (const event of message.history ?? []) {
    const stage = STAGE_OF[event.status];
    if (stage && !out[stage]) out[stage] = event.at;
  }
  const current = STAGE_OF[message.status];
  if (current) {
    // A later stage implies the earlier ones (a provider may report "delivered" without "sent").
    for (const stage of STAGES.slice(0, STAGES.indexOf(current) + 1)) if (!(stage in out)) out[stage] = null;
  }
  return out;
}

export function ReminderTimeline({
  messages,
  appointment,
  locale,
  timeZone,
}: {
  messages: Message[];
  appointment: { status: string; confirmedAt?: Date | null; confirmedBy?: "staff" | "patient" | null };
  locale: string;
  timeZone: string;
}) {
  const t = useTranslations("appointments");
  const tc = useTranslations("calendar");
  const format = (d: Date) =>
    new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(d);
  const short = (d: Date) =>
    new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", {
      timeZone,
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    }).format(d);

  if (messages.length === 0) return <p className="text-sm text-gray-500">{t("noMessages")}</p>;
  const reached = messages.filter((m) => REACHED.has(m.status));
  const sentOnly = messages.filter((m) => m.status === "sent" || m.status === "queued");
  const summary = reached.length
    ? tc("timeline.reached", { channels: [...new Set(reached.map((m) => t(`channels.${m.channel}` as "channels.sms")))].join(", ") })
    : sentOnly.length
      ? tc("timeline.sentNotConfirmed")
      : tc("timeline.notReached");

  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-gray-800" data-testid="timeline-summary">
        {summary}
      </p>
      <ol className="space-y-2 text-sm" aria-label={t("messagesTitle")}>
        {chainMessages(messages).map(({ message: m, depth }) => {
          const stages = stagesOf(m);
          return (
            <li
              key={m.id}
              style={{ paddingLeft: `${depth * 1.25}rem` }}
              data-testid="timeline-message"
              data-type={m.notificationType}
              data-status={m.status}
            >
              <div
                className="flex flex-wrap items-center gap-2"
                data-testid="delivery"
                data-channel={m.channel}
                data-provider-message-id={m.providerMessageId ?? undefined}
              >
                <span className="min-w-32 text-gray-800">
                  {depth > 0 && (
                    <span aria-label={t("fallbackOf")} title={t("fallbackOf")}>
                      ↳{" "}
                    </span>
                  )}
                  {t(`types.${m.notificationType}` as "types.reminder")}
                </span>
                <span className="w-20 text-gray-600">{t(`channels.${m.channel}` as "channels.sms")}</span>
                <StatusBadge status={m.status} label={t(`deliveryStatus.${m.status}` as "deliveryStatus.sent")} />
                {m.simulated && <span className="rounded-full bg-purple-50 px-2 py-0.5 text-xs text-purple-700">{t("outbox")}</span>}
                {m.errorCode && ["failed", "undelivered", "skipped", "cancelled"].includes(m.status) && (
                  <span className="text-xs text-gray-600">
                    {t.has(`reasons.${m.errorCode}` as "reasons.opted_out")
                      ? t(`reasons.${m.errorCode}` as "reasons.opted_out")
                      : t("reasons.other", { code: m.errorCode })}
                  </span>
                )}
                {m.forecast?.outcome === "not_sent" && (
                  <span className="text-xs font-medium text-amber-800" data-testid="will-not-send">
                    {tc("timeline.willNotSend", {
                      reason: t.has(`reasons.${m.forecast.reason}` as "reasons.opted_out")
                        ? t(`reasons.${m.forecast.reason}` as "reasons.opted_out")
                        : t("reasons.other", { code: m.forecast.reason }),
                    })}
                  </span>
                )}
                <time className="text-xs text-gray-500" dateTime={m.sendAt.toISOString()}>
                  {format(m.forecast?.outcome === "send" ? new Date(m.forecast.sendAt) : m.sendAt)}
                </time>
                {m.forecast?.outcome === "send" && m.forecast.channel !== m.channel && (
                  <span className="text-xs text-gray-600" data-testid="goes-by">
                    {tc("timeline.goesBy", { channel: t(`channels.${m.forecast.channel}` as "channels.sms") })}
                  </span>
                )}
                {m.forecast?.outcome === "send" && m.forecast.heldByQuietHours && (
                  <span className="text-xs text-gray-500">{tc("timeline.afterQuietHours")}</span>
                )}
              </div>
              {!["cancelled", "skipped"].includes(m.status) && (
                <ol className="mt-1 flex flex-wrap items-center gap-x-1 text-xs text-gray-500" aria-label={tc("timeline.stagesLabel")}>
                  {STAGES.map((stage, i) => {
                    const done = stage in stages;
                    const at = stages[stage];
                    return (
                      <li key={stage} className={cn("flex items-center gap-1", done ? "text-gray-800" : "text-gray-500")}>
                        {i > 0 && <span aria-hidden="true">→</span>}
                        <span aria-hidden="true">{done ? "✓" : "○"}</span>
                        <span>
                          {tc(`timeline.stages.${stage}`)}
                          {done && at && stage !== "planned" && <span className="text-gray-500"> {short(at)}</span>}
                          {!done && <span className="sr-only"> ({tc("timeline.pending")})</span>}
                        </span>
                      </li>
                    );
                  })}
                </ol>
              )}
              {m.sentBody && (
                <details className="mt-1 text-xs text-gray-600">
                  <summary className="cursor-pointer">{tc("timeline.sentText")}</summary>
                  <p lang={m.locale} data-testid="timeline-sent-text" className="mt-1 max-w-xl whitespace-pre-wrap text-gray-800">
                    {m.sentBody}
                  </p>
                </details>
              )}
            </li>
          );
        })}
        {appointment.status === "confirmed" && (
          <li className="flex flex-wrap items-center gap-2 border-t border-gray-100 pt-2" data-testid="timeline-confirmed">
            <span aria-hidden="true">✓</span>
            <span className="font-medium text-gray-800">
              {tc(
                appointment.confirmedBy === "patient"
                  ? "timeline.confirmedByPatient"
                  : appointment.confirmedBy === "staff"
                    ? "timeline.confirmedByStaff"
                    : "timeline.confirmed",
              )}
            </span>
            {appointment.confirmedAt && (
              <time className="text-xs text-gray-500" dateTime={appointment.confirmedAt.toISOString()}>
                {format(appointment.confirmedAt)}
              </time>
            )}
          </li>
        )}
      </ol>
    </div>
  );
}
