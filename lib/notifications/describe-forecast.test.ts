import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { loadMessages } from "@/messages/load";
import { describeForecast } from "./describe-forecast";
import type { MessageForecast } from "./forecast-messages";

const NOW = new Date("2026-11-25T16:00:00Z"); // 10:00 in Mexico City

async function describeIn(locale: "es" | "en", forecast: MessageForecast[]) {
  const messages = await loadMessages(locale);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = createTranslator({ locale, messages, namespace: "appointments" } as any) as any;
  return describeForecast(forecast, { t, locale, timeZone: "America/Mexico_City", now: NOW });
}

const forecast: MessageForecast[] = [
  { notificationType: "booking_confirmation", outcome: "send", channel: "whatsapp", sendAt: NOW, heldByQuietHours: false },
  {
    notificationType: "reminder",
    outcome: "send",
    channel: "sms",
    sendAt: new Date("2026-11-27T16:00:00Z"),
    heldByQuietHours: false,
  },
  { notificationType: "reminder", outcome: "not_sent", channel: "whatsapp", reason: "opted_out" },
  { notificationType: "reminder_1h", outcome: "not_sent", channel: null, reason: "setting_off" },
  { notificationType: "cancellation", outcome: "not_sent", channel: "sms", reason: "no_phone" },
  {
    notificationType: "booking_confirmation",
    outcome: "send",
    channel: "email",
    sendAt: new Date("2026-11-26T14:00:00Z"),
    heldByQuietHours: true,
  },
];

describe("describeForecast", () => {
  it("says in Spanish, per message, its channel and time or why it will not be sent", async () => {
    expect(await describeIn("es", forecast)).toEqual([
      "Confirmación sale ahora por WhatsApp",
      "Recordatorio por SMS el vie 27 de nov, 10:00",
      "Recordatorio por WhatsApp: no se enviará, el paciente no quiere mensajes por este canal",
      "Recordatorio 1 h: no se enviará, desactivado en la configuración",
      "Cancelación por SMS: no se enviará, sin teléfono",
      "Confirmación por Correo el jue 26 de nov, 08:00, al terminar el horario de silencio",
    ]);
  });

  it("and in English", async () => {
    expect(await describeIn("en", forecast)).toEqual([
      "Confirmation going out now by WhatsApp",
      "Reminder by SMS on Fri, Nov 27, 10:00 AM",
      "Reminder by WhatsApp: will not be sent, the patient opted out of this channel",
      "1 h reminder: will not be sent, turned off in Settings",
      "Cancellation by SMS: will not be sent, no phone number",
      "Confirmation by Email on Thu, Nov 26, 08:00 AM, when quiet hours end",
    ]);
  });
});
