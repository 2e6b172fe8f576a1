import { z } from "zod";

/**
 * The fields of Twilio's incoming-message webhook (WhatsApp and SMS) that Luna reads; Twilio posts many
 * more (To, AccountSid, NumMedia, ProfileName…), which are signed and ignored. Empty strings are absent.
 */
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().max(max).optional());

export const inboundFormSchema = z.object({
  /** SM… (or MM… with media): unique per message, so a retried webhook is recognised. */
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-f]{32}$/i),
  /** `whatsapp:+5215512345678` or `+525512345678`. */
  From: z.string().trim().min(1).max(64),
  /** Kept whole (the route caps the request at 64 KB). */
  Body: z.string().default(""),
  WaId: optionalText(32),
  ButtonPayload: optionalText(256),
});

export type InboundForm = z.infer<typeof inboundFormSchema>;
