import Stripe from "stripe";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments, type Payment } from "@/db/schema";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { handleStripeWebhook, type WebhookResult } from "./stripe-webhook";

/**
 * The simulated checkout's signing secret. It never leaves the process: the simulated page signs its
 * events with it and hands them to the same handler Stripe's webhooks go through (mode "simulated").
 */
const SIMULATED_SECRET = `whsec_simulated_${randomUUID().replace(/-/g, "")}`;
const signer = new Stripe("sk_simulated_signing_only").webhooks;

export const SIMULATED_OUTCOMES = ["paid", "pending", "confirm", "failed"] as const;
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

/**
 * What the demo user chose on the simulated checkout, as the Stripe event it stands for (card paid at
 * once, an OXXO voucher pending, the voucher paid, a failure), signed locally and applied through
 * handleStripeWebhook: the demo runs the same code path as production, with nothing leaving the machine.
 */
export async function simulateCheckoutOutcome(
  db: Db,
  params: { token: string; paymentId: string; outcome: SimulatedOutcome; now?: Date },
): Promise<WebhookResult | null> {
  const payment = await getSimulatedPayment(db, params);
  if (!payment?.checkoutSessionId) return null;
  const [type, paymentStatus] = {
    paid: ["checkout.session.completed", "paid"],
    pending: ["checkout.session.completed", "unpaid"],
    confirm: ["checkout.session.async_payment_succeeded", "paid"],
    failed: ["checkout.session.async_payment_failed", "unpaid"],
  }[params.outcome];
  const payload = JSON.stringify({
    id: `evt_simulated_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    type,
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: payment.checkoutSessionId,
        object: "checkout.session",
        payment_status: paymentStatus,
        amount_total: payment.amountMinor,
        currency: payment.currency.toLowerCase(),
        payment_intent: `pi_simulated_${payment.id.replace(/-/g, "")}`,
        metadata: { luna_payment_id: payment.id },
      },
    },
  });
  const signature = signer.generateTestHeaderString({ payload, secret: SIMULATED_SECRET });
  return handleStripeWebhook(db, { payload, signature, secret: SIMULATED_SECRET, mode: "simulated", now: params.now });
}
