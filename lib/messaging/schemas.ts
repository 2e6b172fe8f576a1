import { z } from "zod";
import { normalizePhone } from "@/lib/patients/phone";

/** Field error codes, localized under `messaging.errors`. */
export type MessagingFieldError =
  | "accountSid"
  | "authToken"
  | "authTokenRequired"
  | "serviceSid"
  | "phone"
  | "contentSid"
  | "senderRequired"
  | "senderTaken"
  | "unknownTemplate";

export const ACCOUNT_SID_PATTERN = /^AC[0-9a-f]{32}$/i;
export const SERVICE_SID_PATTERN = /^MG[0-9a-f]{32}$/i;
export const CONTENT_SID_PATTERN = /^HX[0-9a-f]{32}$/i;
/** Twilio auth tokens (account and subaccount) are 32 hex digits. */
export const AUTH_TOKEN_PATTERN = /^[0-9a-f]{32}$/i;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);
const optionalMatching = (pattern: RegExp, code: MessagingFieldError) =>
  z.preprocess(blankToUndefined, z.string().regex(pattern, code).optional());
const optionalPhone = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((v, ctx) => {
      const e164 = normalizePhone(v);
      if (!e164) ctx.addIssue({ code: "custom", message: "phone" });
      return e164 ?? v;
    })
    .optional(),
);

/** Settings → WhatsApp and SMS as submitted; `contentSids` keyed by template key (blank = not set). */
export const messagingSettingsSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("shared") }),
  z.object({
    mode: z.literal("own"),
    accountSid: z.preprocess(blankToUndefined, z.string({ message: "accountSid" }).regex(ACCOUNT_SID_PATTERN, "accountSid")),
    /** Blank keeps the token already stored. */
    authToken: optionalMatching(AUTH_TOKEN_PATTERN, "authToken"),
    messagingServiceSid: optionalMatching(SERVICE_SID_PATTERN, "serviceSid"),
    whatsappFrom: optionalPhone,
    smsFrom: optionalPhone,
    contentSids: z.record(z.string(), optionalMatching(CONTENT_SID_PATTERN, "contentSid")).default({}),
  }),
]);

export type MessagingSettingsInput = z.infer<typeof messagingSettingsSchema>;

/** FormData → the shape above: `sid:<template key>` fields become `contentSids`. */
export function messagingInputFromForm(values: Record<string, string>) {
  const contentSids: Record<string, string> = {};
  const rest: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith("sid:")) contentSids[key.slice(4)] = value;
    else rest[key] = value;
  }
  return { ...rest, contentSids };
}
