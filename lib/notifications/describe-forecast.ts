import type { MessageForecast } from "./forecast-messages";

/** Due within this long is "going out now" (the driver picks it up at once). */
const NOW_WINDOW_MS = 60_000;

/** A next-intl translator of the `appointments` namespace (useTranslations, getTranslations or createTranslator). */
type AppointmentsT = {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
};

/**
 * The words staff read about what a change set in motion, one phrase per message, earliest first:
 * "Confirmación sale ahora por WhatsApp", "Recordatorio por WhatsApp el vie, 27 nov, 10:00",
 * "Confirmación por WhatsApp: no se enviará, el paciente no quiere mensajes por este canal".
 * Pure over the forecast (lib/notifications/forecast-messages.ts), which the engine's own decision computes.
 */
export function describeForecast(
  forecast: MessageForecast[],
  params: { t: AppointmentsT; locale: string; timeZone: string; now: Date },
): string[] {
  const { t, locale, timeZone, now } = params;
  const date = new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: locale === "en" ? "h12" : "h23",
  });
  const type = (value: string) => (t.has(`types.${value}`) ? t(`types.${value}`) : value);
  return forecast.map((m) => {
    if (m.outcome === "not_sent") {
      const reason = t.has(`reasons.${m.reason}`) ? t(`reasons.${m.reason}`) : t("reasons.other", { code: m.reason });
      return m.channel
        ? t("forecast.notSentOn", { type: type(m.notificationType), channel: t(`channels.${m.channel}`), reason })
        : t("forecast.notSent", { type: type(m.notificationType), reason });
    }
    const sendAt = new Date(m.sendAt);
    const values = { type: type(m.notificationType), channel: t(`channels.${m.channel}`), date: date.format(sendAt) };
    if (m.heldByQuietHours) return t("forecast.held", values);
    return sendAt.getTime() - now.getTime() <= NOW_WINDOW_MS ? t("forecast.now", values) : t("forecast.scheduled", values);
  });
}
