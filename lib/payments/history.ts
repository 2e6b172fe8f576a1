import type { Db } from "@/db/client";
import { paymentEvents } from "@/db/schema";

/** What can happen to a charge, in the order staff read it on the chart. */
export const PAYMENT_EVENT_TYPES = [
  "charge.created",
  "charge.voided",
  "link.shared",
  "payment.requested",
  "link.opened",
  "checkout.opened",
  "payment.pending",
  "payment.instructions",
  "payment.paid",
  "payment.failed",
  "payment.expired",
  "payment.refunded",
] as const;
export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];

/** Appends one event to a charge's history (pass the transaction that made the change). */
export async function recordPaymentEvent(
  db: Db,
  event: {
    clinicId: string;
    chargeId: string;
    paymentId?: string | null;
    type: PaymentEventType;
    source: "staff" | "patient" | "provider";
    actorUserId?: string | null;
    providerEventId?: string | null;
    metadata?: Record<string, unknown>;
    now?: Date;
  },
) {
  await db.insert(paymentEvents).values({
    clinicId: event.clinicId,
    chargeId: event.chargeId,
    paymentId: event.paymentId ?? null,
    type: event.type,
    source: event.source,
    actorUserId: event.actorUserId ?? null,
    providerEventId: event.providerEventId ?? null,
    metadata: event.metadata ?? null,
    ...(event.now ? { createdAt: event.now } : {}),
  });
}

/** The message key of an event's label under `payments.events` (next-intl reads dots as nesting, so "charge.created" → "charge_created"). */
export function eventLabelKey(type: PaymentEventType) {
  return type.replace(".", "_") as `${string}_${string}`;
}
