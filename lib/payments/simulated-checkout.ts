import Stripe from "stripe";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments, type Payment } from "@/db/schema";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { OXXO_EXPIRES_AFTER_DAYS } from "./checkout-options";
import { handleStripeWebhook, type WebhookResult } from "./stripe-webhook";

/**
 * The simulated checkout's signing secret. It never leaves the process: the simulated page signs its
 * events with it and hands them to the same handler Stripe's webhooks go through (mode "simulated").
 */
const SIMULATED_SECRET = `whsec_simulated_${randomUUID().replace(/-/g, "")}`;
const signer = new Stripe("sk_simulated_signing_only").webhooks;

export const SIMULATED_OUTCOMES = ["paid", "pending", "pending_spei", "confirm", "failed"] as const;
export type SimulatedOutcome = (typeof SIMULATED_OUTCOMES)[number];

/** The simulated payment of a valid payment link (another link's or a Stripe payment: null). */
export async function getSimulatedPayment(db: Db, params: { token: string; paymentId: string; now?: Date }): Promise<Payment | null> {
  if (!/^[0-9a-f-]{36}$/i.test(params.paymentId)) return null;
  const resolved = await resolveSecureLink(db, params.token, params.now);
  if (resolved.status !== "ok" || resolved.link.purpose !== "payment") return null;
  const [payment] = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.clinicId, resolved.clinic.id),
        eq(payments.id, params.paymentId),
        eq(payments.chargeId, resolved.link.targetId),
        eq(payments.provider, "simulated"),
      ),
    )
    .limit(1);
  return payment ?? null;
}

/** A signed Stripe-shaped event applied through the webhook handler in simulated mode. */
function applySimulated(db: Db, params: { type: string; object: Record<string, unknown>; now?: Date }) {
  const payload = JSON.stringify({
    id: `evt_simulated_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    type: params.type,
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    data: { object: params.object },
  });
  const signature = signer.generateTestHeaderString({ payload, secret: SIMULATED_SECRET });
  return handleStripeWebhook(db, { payload, signature, secret: SIMULATED_SECRET, mode: "simulated", now: params.now });
}

/** Digits derived from the payment id: a stable, obviously fake voucher number or transfer reference. */
function fakeDigits(paymentId: string, length: number) {
  return BigInt(`0x${paymentId.replace(/-/g, "").slice(0, 16)}`)
    .toString()
    .padStart(length, "0")
    .slice(0, length);
}

/**
 * What the demo user chose on the simulated checkout, as the Stripe events it stands for (card paid at
 * once; an OXXO voucher or a SPEI transfer pending, with the voucher number or the reference and CLABE
 * as Stripe's `payment_intent.requires_action` gives them; the pending payment confirmed; a failure),
 * signed locally and applied through handleStripeWebhook: the demo runs the same code path as
 * production, with nothing leaving the machine.
 */
export async function simulateCheckoutOutcome(
  db: Db,
  params: { token: string; paymentId: string; outcome: SimulatedOutcome; now?: Date },
): Promise<WebhookResult | null> {
  const payment = await getSimulatedPayment(db, params);
  if (!payment?.checkoutSessionId) return null;
  const intentId = `pi_simulated_${payment.id.replace(/-/g, "")}`;
  const [type, paymentStatus] = {
    paid: ["checkout.session.completed", "paid"],
    pending: ["checkout.session.completed", "unpaid"],
    pending_spei: ["checkout.session.completed", "unpaid"],
    confirm: ["checkout.session.async_payment_succeeded", "paid"],
    failed: ["checkout.session.async_payment_failed", "unpaid"],
  }[params.outcome];
  const result = await applySimulated(db, {
    type,
    now: params.now,
    object: {
      id: payment.checkoutSessionId,
      object: "checkout.session",
      payment_status: paymentStatus,
      amount_total: payment.amountMinor,
      currency: payment.currency.toLowerCase(),
      payment_intent: intentId,
      metadata: { luna_payment_id: payment.id },
    },
  });
  if (result.outcome !== "applied" || (params.outcome !== "pending" && params.outcome !== "pending_spei")) return result;
  // The voucher or the transfer details: the simulated page stands in for Stripe's hosted instructions.
  const instructionsUrl = `/l/${params.token}/simulated-checkout/${payment.id}`;
  const now = params.now ?? new Date();
  const nextAction =
    params.outcome === "pending"
      ? {
          type: "oxxo_display_details",
          oxxo_display_details: {
            number: fakeDigits(payment.id, 14),
            hosted_voucher_url: instructionsUrl,
            expires_after: Math.floor(now.getTime() / 1000) + OXXO_EXPIRES_AFTER_DAYS * 86_400,
          },
        }
      : {
          type: "display_bank_transfer_instructions",
          display_bank_transfer_instructions: {
            type: "mx_bank_transfer",
            reference: fakeDigits(payment.id, 7),
            hosted_instructions_url: instructionsUrl,
            financial_addresses: [{ type: "spei", spei: { clabe: `646180${fakeDigits(payment.id, 12)}`, bank_name: "STP (simulado)" } }],
          },
        };
  return applySimulated(db, {
    type: "payment_intent.requires_action",
    now: params.now,
    object: {
      id: intentId,
      object: "payment_intent",
      amount: payment.amountMinor,
      currency: payment.currency.toLowerCase(),
      metadata: { luna_payment_id: payment.id },
      next_action: nextAction,
    },
  });
}
