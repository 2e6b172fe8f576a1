import type { OutboundMessage } from "./types";

/** Shared by the channel tests: an account SID of the shape the Twilio SDK insists on. */
export const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
export const AUTH_TOKEN = "test-auth-token";
export const MESSAGING_SERVICE_SID = `MG${"a".repeat(32)}`;
export const CONTENT_SID = `HX${"b".repeat(32)}`;
export const MESSAGES_URL = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
export const STATUS_CALLBACK = "https://luna.example.mx/api/webhooks/twilio/status";

export function whatsappMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    deliveryId: "0b6f3c1e-5a4d-4c2b-9e1f-2a3b4c5d6e7f",
    channel: "whatsapp",
    to: "+525512345678",
    locale: "es",
    templateKey: "reminder.in_person.es",
    text: "Hola Ana, te recordamos tu cita el 12/05 a las 10:30 en Clínica Luna.",
    contentVariables: { "1": "Ana", "2": "12/05 a las 10:30", "3": "Clínica Luna" },
    ...overrides,
  };
}

export function smsMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return whatsappMessage({ channel: "sms", contentVariables: {}, ...overrides });
}

export function emailMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    deliveryId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    channel: "email",
    to: "ana.lopez@example.mx",
    locale: "es",
    templateKey: "reminder.in_person.es",
    text: "Hola Ana, te recordamos tu cita.",
    contentVariables: {},
    email: {
      subject: "Recordatorio de tu cita",
      html: "<p>Hola Ana, te recordamos tu cita.</p>",
      text: "Hola Ana, te recordamos tu cita.",
    },
    ...overrides,
  };
}
