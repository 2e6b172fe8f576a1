import type { Db } from "@/db/client";
import type { SlotOfferRecipient } from "@/db/schema";
import { normalizeReplyText } from "@/lib/inbound/parse-reply";
import { findOfferForReply, type OfferAnswer } from "./offers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Words that answer an offer, matched on the whole message (after normalizeReplyText). */
const ACCEPT = new Set([
  "SI",
  "SI LO QUIERO",
  "LO QUIERO",
  "LA QUIERO",
  "SI LA QUIERO",
  "QUIERO",
  "ACEPTO",
  "1",
  "YES",
  "YES I WANT IT",
  "I WANT IT",
  "OK",
]);
const DECLINE = new Set(["NO", "NO GRACIAS", "NO LO QUIERO", "NO LA QUIERO", "2", "NO THANKS", "NO THANK YOU"]);

/** `offer_accept:<id>` / `offer_decline:<id>`: the button of one offer (the id is the patient's recipient row). */
export function parseOfferButton(buttonPayload: string | null | undefined): { answer: OfferAnswer; recipientId: string } | null {
  const match = /^offer_(accept|decline):(.+)$/i.exec(buttonPayload?.trim() ?? "");
  if (!match || !UUID.test(match[2])) return null;
  return { answer: match[1].toLowerCase() as OfferAnswer, recipientId: match[2].toLowerCase() };
}

/** "Sí" / "No, gracias" / "1" typed as an answer (the SMS says "Responde SI …"); null for anything else. */
export function offerAnswerOfText(text: string | null | undefined): OfferAnswer | null {
  const words = normalizeReplyText(text ?? "");
  if (ACCEPT.has(words)) return "accept";
  if (DECLINE.has(words)) return "decline";
  return null;
}

/**
 * Is this reply an answer to a waitlist offer? Matched BEFORE any visit: a button names its offer; a typed
 * "Sí"/"No" answers the patient's latest offer still held (or whose hold just ran out). Null: not about
 * an offer (a typed "Sí" then confirms the next visit, as before).
 */
export async function matchOfferReply(
  tx: Db,
  params: { clinicId: string; patientId: string; body: string | null | undefined; buttonPayload: string | null | undefined; now: Date },
): Promise<{ answer: OfferAnswer; recipient: SlotOfferRecipient } | null> {
  const button = parseOfferButton(params.buttonPayload);
  // A visit's own button (confirm:/cancel:<appointmentId>) is never an offer's answer.
  if (!button && params.buttonPayload && /^(confirm|cancel):/i.test(params.buttonPayload.trim())) return null;
  const answer = button?.answer ?? offerAnswerOfText(params.body);
  if (!answer) return null;
  const recipient = await findOfferForReply(tx, {
    clinicId: params.clinicId,
    patientId: params.patientId,
    recipientId: button?.recipientId ?? null,
    now: params.now,
  });
  return recipient ? { answer, recipient } : null;
}
