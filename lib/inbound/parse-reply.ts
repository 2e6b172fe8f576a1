import type { InboundMessage } from "@/db/schema";

export type InboundIntent = InboundMessage["intent"];
/** The channels a patient can write back on. */
export type ReplyChannel = "whatsapp" | "sms";

export interface ParsedReply {
  intent: InboundIntent;
  /** From a WhatsApp button payload (`confirm:<id>` / `cancel:<id>`); null: the patient's next appointment. */
  appointmentId: string | null;
  /**
   * A bare "YES" on SMS: Twilio's own opt-in keyword, so Twilio has already re-subscribed the number.
   * It means opt-in for a patient opted out of SMS, and confirm for anyone else (see `resolveReply`).
   */
  optInIfOptedOut: boolean;
}

/*
 * Keyword table. A keyword matches the WHOLE message only, after `normalizeReplyText` (trimmed,
 * accents and case folded, punctuation and emoji ignored, one courtesy word such as "por favor" or
 * "gracias" at either end dropped). "Quiero cancelar mi cita del martes" is a message for staff.
 *
 * Ambiguous words, and how they are resolved:
 * - "CANCEL" (English) is one of Twilio's default SMS opt-out keywords: on SMS Twilio has already
 *   blocked the number when we see it, so on SMS it is an opt-out. On WhatsApp (no Twilio keyword
 *   filtering there) it cancels the next appointment, like "CANCELAR".
 * - "CANCELAR" (Spanish) alone cancels the next appointment, on both channels; "CANCELAR SUSCRIPCIÓN"
 *   is an opt-out. Twilio does not treat CANCELAR as a keyword unless someone adds it to Advanced
 *   Opt-Out: do not, or Twilio would block the patient's SMS while Luna only cancelled the visit.
 * - "SÍ"/"YES" confirm the next appointment. Exception: a bare "YES" on SMS from a patient opted out of
 *   SMS is an opt-in, because Twilio's default SMS opt-in keywords are START, YES and UNSTOP and it has
 *   re-subscribed the number already; Luna mirrors that. "SÍ" on WhatsApp never opts in: re-subscribing
 *   takes an explicit ALTA/START (what the opt-out confirmation asks for).
 * - "NO", "OK", "GRACIAS" alone are not keywords: they are kept as messages for staff to read.
 */
const OPT_OUT = new Set([
  // Twilio's default SMS opt-out keywords (CANCEL is handled per channel, below).
  "STOP",
  "STOPALL",
  "STOP ALL",
  "UNSUBSCRIBE",
  "END",
  "QUIT",
  "REVOKE",
  "OPTOUT",
  "OPT OUT",
  "CANCEL SUBSCRIPTION",
  "STOP MESSAGES",
  // Spanish.
  "BAJA",
  "DAR DE BAJA",
  "DARME DE BAJA",
  "DARSE DE BAJA",
  "DE BAJA",
  "ALTO",
  "CANCELAR SUSCRIPCION",
  "CANCELAR LA SUSCRIPCION",
  "CANCELAR MI SUSCRIPCION",
  "DESUSCRIBIR",
  "DESUSCRIBIRME",
  "DESUSCRIBIRSE",
  "NO MAS MENSAJES",
  "NO MAS",
  "NO QUIERO MAS MENSAJES",
  "NO QUIERO RECIBIR MENSAJES",
  "NO ENVIAR MAS MENSAJES",
  "NO ME ENVIEN MAS MENSAJES",
  "DEJAR DE RECIBIR MENSAJES",
]);

const OPT_IN = new Set([
  "START",
  "UNSTOP",
  "SUBSCRIBE",
  "ALTA",
  "DAR DE ALTA",
  "DARME DE ALTA",
  "DE ALTA",
  "SUSCRIBIR",
  "SUSCRIBIRME",
  "REACTIVAR",
]);

const CONFIRM = new Set([
  "1",
  "CONFIRMAR",
  "CONFIRMO",
  "CONFIRMADO",
  "CONFIRMADA",
  "CONFIRMAR CITA",
  "SI",
  "SI CONFIRMO",
  "SI ASISTIRE",
  "ASISTIRE",
  "CONFIRM",
  "CONFIRMED",
  "YES",
]);

const CANCEL = new Set([
  "2",
  "CANCELAR",
  "CANCELO",
  "CANCELAR CITA",
  "CANCELAR LA CITA",
  "CANCELAR MI CITA",
  "CANCELA",
  "CANCELA MI CITA",
  "CANCEL APPOINTMENT",
  "CANCEL MY APPOINTMENT",
]);

/** One of these at the start or end of a keyword is ignored ("BAJA POR FAVOR", "1 GRACIAS", "PLEASE STOP"). */
const COURTESY = ["POR FAVOR", "PORFAVOR", "PORFA", "GRACIAS", "MUCHAS GRACIAS", "PLEASE", "THANKS", "THANK YOU"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "¡Bája!" → "BAJA", "No más mensajes." → "NO MAS MENSAJES", "1️⃣" → "1": accents and combining marks
 * (emoji variation selectors, keycaps) removed, upper case, anything but letters and digits is a space.
 */
export function normalizeReplyText(text: string) {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The words without one courtesy phrase at either end ("5 GRACIAS" → "5"). */
export function withoutCourtesy(words: string) {
  for (const phrase of COURTESY) {
    if (words.startsWith(`${phrase} `)) return words.slice(phrase.length + 1);
    if (words.endsWith(` ${phrase}`)) return words.slice(0, -(phrase.length + 1));
  }
  return words;
}

function keywordIntent(words: string, channel: ReplyChannel): Omit<ParsedReply, "appointmentId"> | null {
  if (OPT_OUT.has(words)) return { intent: "opt_out", optInIfOptedOut: false };
  if (words === "CANCEL") return { intent: channel === "sms" ? "opt_out" : "cancel", optInIfOptedOut: false };
  if (OPT_IN.has(words)) return { intent: "opt_in", optInIfOptedOut: false };
  if (CONFIRM.has(words)) return { intent: "confirm", optInIfOptedOut: channel === "sms" && words === "YES" };
  if (CANCEL.has(words)) return { intent: "cancel", optInIfOptedOut: false };
  return null;
}

/**
 * What a patient's reply asks for. Pure: the text and button payload as Twilio posted them, and the
 * channel they came on. A WhatsApp quick-reply payload `confirm:<appointmentId>` / `cancel:<appointmentId>`
 * wins over the text (Body is then the button's label); any other payload is ignored and the text read.
 * Whether the appointment is the sender's own is checked by the caller, against the database.
 */
export function parseReply(text: string | null | undefined, buttonPayload: string | null | undefined, channel: ReplyChannel): ParsedReply {
  const payload = /^(confirm|cancel):(.+)$/i.exec(buttonPayload?.trim() ?? "");
  if (payload && UUID.test(payload[2])) {
    return { intent: payload[1].toLowerCase() as "confirm" | "cancel", appointmentId: payload[2].toLowerCase(), optInIfOptedOut: false };
  }
  const words = normalizeReplyText(text ?? "");
  const match = keywordIntent(words, channel) ?? keywordIntent(withoutCourtesy(words), channel);
  return { appointmentId: null, ...(match ?? { intent: "message", optInIfOptedOut: false }) };
}

/** The intent to act on, given whether the patient is opted out of the channel they wrote on. */
export function resolveReply(parsed: ParsedReply, state: { optedOut: boolean }): InboundIntent {
  return parsed.optInIfOptedOut && state.optedOut ? "opt_in" : parsed.intent;
}
