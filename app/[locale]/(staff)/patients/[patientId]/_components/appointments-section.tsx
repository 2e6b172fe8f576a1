import { getLocale, getTranslations } from "next-intl/server";
import type { listPatientAppointments } from "@/lib/appointments/queries";
import { formatDateTime, toZonedInputValue, zonedCalendarDatePlusDays, zonedDateTime } from "@/lib/dates";
import { cn } from "@/lib/cn";
import { AppointmentActions } from "./appointment-actions";
import { BookAppointmentForm } from "./book-appointment-form";

type Appointments = Awaited<ReturnType<typeof listPatientAppointments>>;
type Message = Appointments[number]["messages"][number];

/** Messages in order, each fallback right under the one it replaces (WhatsApp ✗ → SMS ✓). */
function chained(messages: Message[]): { message: Message; depth: number }[] {
  const children = new Map<string, Message[]>();
  for (const m of messages) if (m.fallbackOfId) children.set(m.fallbackOfId, [...(children.get(m.fallbackOfId) ?? []), m]);
  const out: { message: Message; depth: number }[] = [];
  const visit = (m: Message, depth: number) => {
    out.push({ message: m, depth });
    for (const child of children.get(m.id) ?? []) visit(child, depth + 1);
  };
  for (const m of messages) if (!m.fallbackOfId || !messages.some((p) => p.id === m.fallbackOfId)) visit(m, 0);
  return out;
}

const REASONS = new Set([
  "opted_out",
  "setting_off",
  "whatsapp_unreachable",
  "sms_unreachable",
  "email_bounced",
  "no_address",
  "appointment_changed",
  "appointment_cancelled",
  "stale_version",
  "too_late",
  "63003",
  "63024",
  "21610",
  "21211",
]);

const STATUS_TONE: Record<string, string> = {
  scheduled: "bg-gray-100 text-gray-700",
  sending: "bg-blue-50 text-blue-700",
  queued: "bg-blue-50 text-blue-700",
  sent: "bg-green-50 text-green-700",
  delivered: "bg-green-100 text-green-800",
  read: "bg-green-100 text-green-800",
  failed: "bg-red-50 text-red-700",
  undelivered: "bg-red-50 text-red-700",
  cancelled: "bg-gray-100 text-gray-500 line-through",
  skipped: "bg-amber-50 text-amber-800",
};

/** The patient's appointments, each with the messages planned and sent for it, and booking. */
export async function AppointmentsSection({
  patientId,
  appointments,
  doctors,
  timeZone,
  canWrite,
}: {
  patientId: string;
  appointments: Appointments;
  doctors: { id: string; name: string }[];
  timeZone: string;
  canWrite: boolean;
}) {
  const [t, th, locale] = await Promise.all([getTranslations("appointments"), getTranslations("home"), getLocale()]);
  const now = new Date();
  const tomorrow = zonedCalendarDatePlusDays(now, timeZone, 1);
  const defaultStartsAt = toZonedInputValue(zonedDateTime(timeZone, { ...tomorrow, hour: 10 }), timeZone);

  return (
    <section aria-labelledby="appointments-heading" className="space-y-4">
      <h2 id="appointments-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      {canWrite && (
        <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
          <h3 className="mb-4 text-base font-semibold">{t("bookTitle")}</h3>
          <BookAppointmentForm patientId={patientId} doctors={doctors} timeZone={timeZone} defaultStartsAt={defaultStartsAt} />
        </div>
      )}
      {appointments.length === 0 ? (
        <p className="text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <ul className="space-y-3">
          {appointments.map((a) => (
            <li key={a.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200" data-testid="appointment">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium">
                  <time dateTime={a.startsAt.toISOString()}>{formatDateTime(a.startsAt, { locale, timeZone })}</time>{" "}
                  <span className="font-normal text-gray-600">{t("withDoctor", { doctor: a.doctorName })}</span>
                </p>
                <div className="flex gap-2 text-xs">
                  <span className="rounded-full bg-gray-100 px-2 py-0.5">{th(`kind.${a.kind}`)}</span>
                  <span className="rounded-full bg-brand-50 px-2 py-0.5 text-brand-700" data-testid="appointment-status">
                    {th(`status.${a.status}`)}
                    {a.status === "confirmed" && a.confirmedBy && ` ${t(a.confirmedBy === "patient" ? "byPatient" : "byStaff")}`}
                    {a.status === "cancelled" && a.cancelledBy && ` ${t(a.cancelledBy === "patient" ? "byPatient" : "byStaff")}`}
                  </span>
                </div>
              </div>
              <h4 className="mt-3 text-xs font-semibold uppercase tracking-wide text-gray-500">{t("messagesTitle")}</h4>
              {a.messages.length === 0 ? (
                <p className="text-sm text-gray-500">{t("noMessages")}</p>
              ) : (
                <ul className="mt-1 space-y-1 text-sm" aria-label={t("messagesTitle")}>
                  {chained(a.messages).map(({ message: m, depth }) => (
                    <li
                      key={m.id}
                      className="flex flex-wrap items-center gap-2"
                      data-testid="delivery"
                      data-channel={m.channel}
                      data-provider-message-id={m.providerMessageId ?? undefined}
                      style={{ paddingLeft: `${depth * 1.5}rem` }}
                    >
                      <span className="w-36 text-gray-700">
                        {depth > 0 && (
                          <span aria-label={t("fallbackOf")} title={t("fallbackOf")}>
                            ↳{" "}
                          </span>
                        )}
                        {t(`types.${m.notificationType}` as "types.reminder")}
                      </span>
                      <span className="w-20 text-gray-600">{t(`channels.${m.channel}`)}</span>
                      <span className={cn("rounded-full px-2 py-0.5 text-xs", STATUS_TONE[m.status])}>{t(`deliveryStatus.${m.status}`)}</span>
                      {m.simulated && <span className="rounded-full bg-purple-50 px-2 py-0.5 text-xs text-purple-700">{t("outbox")}</span>}
                      {m.errorCode && ["failed", "undelivered", "skipped", "cancelled"].includes(m.status) && (
                        <span className="text-xs text-gray-600">
                          {REASONS.has(m.errorCode) ? t(`reasons.${m.errorCode}` as "reasons.opted_out") : t("reasons.other", { code: m.errorCode })}
                        </span>
                      )}
                      <time className="text-xs text-gray-500" dateTime={m.sendAt.toISOString()}>
                        {formatDateTime(m.sendAt, { locale, timeZone })}
                      </time>
                    </li>
                  ))}
                </ul>
              )}
              {canWrite && a.status !== "cancelled" && a.startsAt.getTime() > now.getTime() && (
                <div className="mt-3 border-t border-gray-100 pt-3">
                  <AppointmentActions appointmentId={a.id} startsAtLocal={toZonedInputValue(a.startsAt, timeZone)} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
