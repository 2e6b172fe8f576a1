import { normalizePhone } from "@/lib/patients/phone";
import type { ReplyChannel } from "./parse-reply";

export interface Sender {
  channel: ReplyChannel;
  /** Canonical E.164 as patients are stored (`+52` and ten digits for Mexico), or null when not a phone number. */
  phone: string | null;
  /** WhatsApp's own id of the sender (e.g. "5215512345678"), kept raw; null on SMS. */
  waId: string | null;
}

/**
 * Who wrote, from Twilio's `From` (and `WaId` on WhatsApp). WhatsApp reports Mexican senders as
 * `whatsapp:+5215512345678` while patients are stored as `+525512345678`: `normalizePhone` drops the 1.
 */
export function normalizeSender(params: { from: string; waId?: string | null }): Sender {
  const from = params.from.trim();
  const channel: ReplyChannel = /^whatsapp:/i.test(from) ? "whatsapp" : "sms";
  const waId = channel === "whatsapp" ? params.waId?.trim() || null : null;
  return { channel, phone: normalizePhone(from), waId };
}
