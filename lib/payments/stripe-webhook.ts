import Stripe from "stripe";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { charges, paymentAccounts, payments, providerEvents, type Payment, type PaymentStatus } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { runChange, type Change } from "@/lib/domain-events/run-change";
import { UNIQUE_VIOLATION, sqlStateOf } from "@/lib/errors";
import { log } from "@/lib/log";
import { replanChargeReminders } from "@/lib/notifications/plan-payment-request";
import { recordPaymentEvent, type PaymentEventType } from "./history";
import { canMovePayment } from "./payment-status";
import { publishIfSettled } from "./settle";

/** Only the signature check needs the SDK here; it needs no API key and makes no request. */
const webhooks = new Stripe("sk_webhook_verification_only").webhooks;

export const HANDLED_EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "charge.refunded",
  "payment_intent.requires_action",
] as const;

const sessionSchema = z.object({
  id: z.string(),
  payment_status: z.string().optional(),
  amount_total: z.number().int().nullable().optional(),
  currency: z.string().nullable().optional(),
  payment_intent: z
    .union([z.string(), z.object({ id: z.string() })])
    .nullable()
    .optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});
const chargeSchema = z.object({
  payment_intent: z
    .union([z.string(), z.object({ id: z.string() })])
    .nullable()
    .optional(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string(),
});

/** A PaymentIntent waiting for the patient: the OXXO voucher or the SPEI transfer details (`next_action`). */
const intentSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  next_action: z
    .object({
      type: z.string(),
      oxxo_display_details: z
        .object({
          expires_after: z.number().int().nullable().optional(),
          hosted_voucher_url: z.string().nullable().optional(),
          number: z.string().nullable().optional(),
        })
        .nullable()
        .optional(),
      display_bank_transfer_instructions: z
        .object({
          hosted_instructions_url: z.string().nullable().optional(),
          reference: z.string().nullable().optional(),
          financial_addresses: z
            .array(z.object({ type: z.string(), spei: z.object({ clabe: z.string() }).nullable().optional() }))
            .optional(),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});

/** What the patient needs to finish an OXXO or SPEI payment, read from a PaymentIntent's next_action (null: neither). */
export function pendingInstructionsOf(intent: z.infer<typeof intentSchema>) {
  const oxxo = intent.next_action?.oxxo_display_details;
  if (intent.next_action?.type === "oxxo_display_details" && oxxo) {
    return {
      method: "oxxo" as const,
      url: oxxo.hosted_voucher_url ?? null,
      reference: oxxo.number ?? null,
      clabe: null,
      expiresAt: oxxo.expires_after ? new Date(oxxo.expires_after * 1000) : null,
    };
  }
  const transfer = intent.next_action?.display_bank_transfer_instructions;
  if (intent.next_action?.type === "display_bank_transfer_instructions" && transfer) {
    return {
      method: "spei" as const,
      url: transfer.hosted_instructions_url ?? null,
      reference: transfer.reference ?? null,
      clabe: transfer.financial_addresses?.find((a) => a.type === "spei")?.spei?.clabe ?? null,
      expiresAt: null,
    };
  }
  return null;
}

export type WebhookOutcome =
  "applied" | "duplicate" | "unhandled_type" | "ignored_unknown_account" | "ignored_unknown_payment" | "ignored_mismatch" | "ignored_stale";

export interface WebhookResult {
  status: 200 | 400;
  outcome: WebhookOutcome | "bad_signature";
}

/**
 * One Stripe webhook delivery: the signature checked on the raw body (`constructEvent`, 5-minute
 * tolerance), the event recorded once by id (a redelivery changes nothing), routed to the clinic by
 * `event.account` (Connect), cross-checked against Luna's own payment (session id, metadata, amount,
 * currency, account) and applied forward-only, with the history and the audit log in the same
 * transaction. An event Luna cannot place answers 200 and is logged: Stripe must not retry it forever.
 * `mode: "simulated"` accepts events without an account, for payments of the simulated checkout only.
 */
export async function handleStripeWebhook(
  db: Db,
  params: { payload: string; signature: string | null; secret: string; mode: "stripe" | "simulated"; now?: Date },
): Promise<WebhookResult> {
  let event: Stripe.Event;
  try {
    event = webhooks.constructEvent(params.payload, params.signature ?? "", params.secret);
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : String(error) }, "stripe webhook: signature refused");
    return { status: 400, outcome: "bad_signature" };
  }
  const now = params.now ?? new Date();
  const accountId = typeof event.account === "string" ? event.account : null;
  try {
    const outcome = await runChange(db, async (tx, change): Promise<WebhookOutcome> => {
      const inserted = await tx
        .insert(providerEvents)
        .values({ provider: "stripe", eventId: event.id, type: event.type, accountId, outcome: "received", receivedAt: now })
        .onConflictDoNothing()
        .returning({ eventId: providerEvents.eventId });
      if (inserted.length === 0) return "duplicate";
      const result = await applyEvent(tx, { event, accountId, mode: params.mode, now, change });
      await tx
        .update(providerEvents)
        .set({ outcome: result })
        .where(and(eq(providerEvents.provider, "stripe"), eq(providerEvents.eventId, event.id)));
      return result;
    });
    if (outcome !== "applied" && outcome !== "duplicate")
      log.info({ eventId: event.id, type: event.type, outcome }, "stripe webhook: ignored");
    return { status: 200, outcome };
  } catch (error) {
    // Two deliveries of one event at once: the second waits on the first's row and finds it there.
    if (sqlStateOf(error) === UNIQUE_VIOLATION) return { status: 200, outcome: "duplicate" };
    throw error;
  }
}

async function applyEvent(
  tx: Db,
  params: { event: Stripe.Event; accountId: string | null; mode: "stripe" | "simulated"; now: Date; change: Change },
): Promise<WebhookOutcome> {
  const { event, accountId, now, change } = params;
  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(event.type)) return "unhandled_type";
  // Where the event may land: a clinic's connected account (Stripe), or the simulated checkout's payments.
  let clinicId: string | null = null;
  if (accountId) {
    const [account] = await tx
      .select({ clinicId: paymentAccounts.clinicId })
      .from(paymentAccounts)
      .where(and(eq(paymentAccounts.provider, "stripe"), eq(paymentAccounts.accountId, accountId)))
      .limit(1);
    if (!account) return "ignored_unknown_account";
    clinicId = account.clinicId;
  } else if (params.mode !== "simulated") {
    return "ignored_unknown_account";
  }
  const provider = accountId ? ("stripe" as const) : ("simulated" as const);
  const object = event.data.object as unknown;

  if (event.type === "charge.refunded") {
    const parsed = chargeSchema.safeParse(object);
    const intentId = parsed.success ? idOf(parsed.data.payment_intent) : null;
    if (!parsed.success || !intentId) return "ignored_unknown_payment";
    const payment = await findPayment(tx, { clinicId, provider, accountId, by: { paymentIntentId: intentId } });
    if (!payment) return "ignored_unknown_payment";
    if (parsed.data.currency.toUpperCase() !== payment.currency || parsed.data.amount !== payment.amountMinor) return "ignored_mismatch";
    const refundedMinor = Math.min(parsed.data.amount_refunded, payment.amountMinor);
    if (refundedMinor <= payment.refundedMinor) return "ignored_stale";
    const full = refundedMinor >= payment.amountMinor;
    if (full && !canMovePayment(payment.status, "refunded")) return "ignored_stale";
    await tx
      .update(payments)
      .set({ refundedMinor, ...(full ? { status: "refunded" as const, refundedAt: now } : {}), updatedAt: now })
      .where(and(eq(payments.clinicId, payment.clinicId), eq(payments.id, payment.id)));
    await recordEffects(tx, change, { payment, type: "payment.refunded", eventId: event.id, now, metadata: { refundedMinor, full } });
    // The charge owes again: its balance reminders follow the clinic's schedule from the request, as if never paid.
    change.handOver(await replanChargeReminders(tx, { clinicId: payment.clinicId, chargeId: payment.chargeId, now }));
    return "applied";
  }

  if (event.type === "payment_intent.requires_action") {
    const parsedIntent = intentSchema.safeParse(object);
    if (!parsedIntent.success) return "ignored_unknown_payment";
    const intent = parsedIntent.data;
    const instructions = pendingInstructionsOf(intent);
    if (!instructions) return "unhandled_type";
    // Matched by the PaymentIntent once known, else by the id Luna put in payment_intent_data.metadata.
    const payment =
      (await findPayment(tx, { clinicId, provider, accountId, by: { paymentIntentId: intent.id } })) ??
      (intent.metadata?.luna_payment_id && /^[0-9a-f-]{36}$/i.test(intent.metadata.luna_payment_id)
        ? await findPayment(tx, { clinicId, provider, accountId, by: { paymentId: intent.metadata.luna_payment_id } })
        : null);
    if (!payment) return "ignored_unknown_payment";
    if (intent.currency.toUpperCase() !== payment.currency || intent.amount !== payment.amountMinor) return "ignored_mismatch";
    if (payment.status !== "requested" && payment.status !== "pending") return "ignored_stale";
    if (payment.pendingReference === instructions.reference && payment.pendingInstructionsUrl === instructions.url) return "ignored_stale";
    await tx
      .update(payments)
      .set({
        status: "pending",
        method: instructions.method,
        paymentIntentId: intent.id,
        pendingInstructionsUrl: instructions.url,
        pendingReference: instructions.reference,
        pendingClabe: instructions.clabe,
        pendingExpiresAt: instructions.expiresAt,
        updatedAt: now,
      })
      .where(and(eq(payments.clinicId, payment.clinicId), eq(payments.id, payment.id)));
    await recordEffects(tx, change, {
      payment,
      type: "payment.instructions",
      eventId: event.id,
      now,
      metadata: {
        method: instructions.method,
        reference: instructions.reference,
        instructionsUrl: instructions.url,
        ...(instructions.expiresAt ? { expiresAt: instructions.expiresAt.toISOString() } : {}),
      },
    });
    return "applied";
  }

  const parsed = sessionSchema.safeParse(object);
  if (!parsed.success) return "ignored_unknown_payment";
  const session = parsed.data;
  const payment = await findPayment(tx, { clinicId, provider, accountId, by: { checkoutSessionId: session.id } });
  if (!payment) return "ignored_unknown_payment";
  const metadataId = session.metadata?.luna_payment_id;
  if (
    (metadataId && metadataId !== payment.id) ||
    (session.amount_total != null && session.amount_total !== payment.amountMinor) ||
    (session.currency && session.currency.toUpperCase() !== payment.currency)
  ) {
    return "ignored_mismatch";
  }
  let to: PaymentStatus;
  let type: PaymentEventType;
  switch (event.type) {
    case "checkout.session.completed":
      [to, type] = session.payment_status === "paid" ? ["paid", "payment.paid"] : ["pending", "payment.pending"];
      break;
    case "checkout.session.async_payment_succeeded":
      [to, type] = ["paid", "payment.paid"];
      break;
    case "checkout.session.async_payment_failed":
      [to, type] = ["failed", "payment.failed"];
      break;
    default:
      [to, type] = ["expired", "payment.expired"];
  }
  return movePayment(tx, change, {
    payment,
    to,
    type,
    intentId: idOf(session.payment_intent),
    // Paid at once from the completed session is a card payment; OXXO/SPEI arrive as pending first.
    cardAtOnce: to === "paid" && event.type === "checkout.session.completed",
    eventId: event.id,
    now,
  });
}

/**
 * Moves a payment forward (never back: `canMovePayment`), with its history, audit and, once paid in full,
 * the charge settled, in the caller's transaction. The webhook and the reconciliation job both use it.
 */
export async function movePayment(
  tx: Db,
  change: Change,
  params: {
    payment: Payment;
    to: PaymentStatus;
    type: PaymentEventType;
    intentId: string | null;
    cardAtOnce?: boolean;
    eventId: string;
    now: Date;
    metadata?: Record<string, unknown>;
  },
): Promise<"applied" | "ignored_stale"> {
  const { payment, to, now } = params;
  if (!canMovePayment(payment.status, to)) return "ignored_stale";
  if (to === "paid") {
    // Never collect a void charge twice over: a charge voided meanwhile keeps the money on record (to refund).
    const [charge] = await tx.select({ status: charges.status }).from(charges).where(eq(charges.id, payment.chargeId)).for("update");
    if (charge?.status === "void") log.warn({ paymentId: payment.id }, "stripe webhook: payment landed on a void charge");
  }
  await tx
    .update(payments)
    .set({
      status: to,
      updatedAt: now,
      ...(params.intentId ? { paymentIntentId: params.intentId } : {}),
      ...(params.cardAtOnce ? { method: "card" as const } : {}),
      ...(to === "paid" ? { paidAt: now } : {}),
      ...(to === "failed" ? { failedAt: now } : {}),
    })
    .where(and(eq(payments.clinicId, payment.clinicId), eq(payments.id, payment.id)));
  await recordEffects(tx, change, {
    payment,
    type: params.type,
    eventId: params.eventId,
    now,
    metadata: { amountMinor: payment.amountMinor, currency: payment.currency, ...params.metadata },
  });
  return "applied";
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** Luna's payment for a provider id, within the clinic the account maps to (or among simulated ones). */
async function findPayment(
  tx: Db,
  params: {
    clinicId: string | null;
    provider: "stripe" | "simulated";
    accountId: string | null;
    by: { checkoutSessionId: string } | { paymentIntentId: string } | { paymentId: string };
  },
): Promise<Payment | null> {
  const where = [
    eq(payments.provider, params.provider),
    "checkoutSessionId" in params.by
      ? eq(payments.checkoutSessionId, params.by.checkoutSessionId)
      : "paymentId" in params.by
        ? eq(payments.id, params.by.paymentId)
        : eq(payments.paymentIntentId, params.by.paymentIntentId),
    params.clinicId ? eq(payments.clinicId, params.clinicId) : undefined,
    params.accountId ? eq(payments.providerAccountId, params.accountId) : isNull(payments.providerAccountId),
  ];
  const [row] = await tx
    .select()
    .from(payments)
    .where(and(...where))
    .limit(1)
    .for("update");
  return row ?? null;
}

async function recordEffects(
  tx: Db,
  change: Change,
  params: { payment: Payment; type: PaymentEventType; eventId: string; now: Date; metadata: Record<string, unknown> },
) {
  const { payment } = params;
  await recordPaymentEvent(tx, {
    clinicId: payment.clinicId,
    chargeId: payment.chargeId,
    paymentId: payment.id,
    type: params.type,
    source: "provider",
    providerEventId: params.eventId,
    metadata: params.metadata,
    now: params.now,
  });
  await recordAudit(tx, {
    clinicId: payment.clinicId,
    actorUserId: null,
    action: `payment.${params.type.split(".")[1]}`,
    entityType: "payment",
    entityId: payment.id,
    metadata: { provider: payment.provider, eventId: params.eventId, chargeId: payment.chargeId },
  });
  // Paid in full: the request and balance reminders still pending are cancelled in this transaction.
  if (params.type === "payment.paid")
    await publishIfSettled(tx, change, { clinicId: payment.clinicId, chargeId: payment.chargeId, now: params.now });
}
