import type { Delivery } from "@/db/schema";
import type { ClinicNotificationSettings } from "../settings";
import { kindOf } from "../registry";
import type { KindDelivery, MessageKind, Verdict } from "../kinds/types";
import type { DeliveryContext } from "./load-context";

export type { Verdict } from "../kinds/types";

/** A delivery its kind will send: the kind, and the payload as its schema parsed it. */
export interface Wanted {
  send: true;
  kind: MessageKind;
  payload: unknown;
}

/**
 * Is this message still wanted, now? Pure over the freshly read state. The engine checks what every kind
 * shares — a known type, a payload its kind's schema accepts (else failed `invalid_payload`, never sent
 * half-filled), a subject that still exists (else cancelled with the kind's reason) — and asks the kind
 * the rest (kinds/).
 */
export function decideDelivery(params: {
  /** `payload` absent: not checked (a forecast of a row being planned, whose payload its planner built). */
  delivery: KindDelivery & Partial<Pick<Delivery, "payload">>;
  context: Pick<DeliveryContext, "patient" | "subject">;
  settings: Pick<ClinicNotificationSettings, "channels">;
  now: Date;
}): Wanted | Exclude<Verdict, { send: true }> {
  const { delivery, context, settings, now } = params;
  const kind = kindOf(delivery.notificationType);
  if (!kind) return { send: false, status: "skipped", reason: "unknown_type" };
  const payload = delivery.payload === undefined ? null : kind.payloadSchema.safeParse(delivery.payload);
  if (payload && !payload.success) {
    const fields = [...new Set(payload.error.issues.map((issue) => issue.path.join(".") || "(payload)"))].join(", ");
    return { send: false, status: "failed", reason: INVALID_PAYLOAD, message: `payload refused by kind ${kind.id}: ${fields}` };
  }
  if (context.subject === null || context.subject === undefined) {
    return { send: false, status: "cancelled", reason: kind.missingSubjectReason };
  }
  const verdict = kind.decide({ delivery, subject: context.subject, patient: context.patient, settings, now });
  return verdict.send ? { send: true, kind, payload: payload?.data } : verdict;
}

/** The error code of a row whose payload its kind's schema refuses. */
export const INVALID_PAYLOAD = "invalid_payload";

/**
 * Skips for these reasons hand the message to the next allowed channel (WhatsApp → SMS → email): the
 * patient cannot or will not be reached on this one, or the clinic moved the type off it since planning.
 */
export const FALL_BACK_ON_SKIP = new Set([
  "whatsapp_unreachable",
  "sms_unreachable",
  "email_bounced",
  "opted_out",
  "setting_off",
  "no_address",
  "no_phone",
]);
