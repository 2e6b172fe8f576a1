import Stripe from "stripe";
import { getEnv, type Env } from "@/lib/env";
import { checkoutSessionParams, onlineMethodsFor, type CheckoutRequest } from "./checkout-options";

export interface CreatedCheckout {
  sessionId: string;
  url: string;
  expiresAt: Date;
}

/** What the provider says about a Checkout Session now (the reconciliation job asks before marking anything). */
export interface CheckoutState {
  /** open: still payable; complete: the form was finished (paid, or an OXXO/SPEI payment awaited); expired. */
  status: "open" | "complete" | "expired";
  paymentStatus: "paid" | "unpaid" | "no_payment_required";
  intentId: string | null;
  /** The PaymentIntent's status (requires_action while a voucher is payable, requires_payment_method or canceled once it lapsed). */
  intentStatus: string | null;
}

/** Where a patient pays: Stripe Checkout on the clinic's connected account, or Luna's simulated checkout (no keys). */
export interface PaymentGateway {
  kind: "stripe" | "simulated";
  createCheckout(request: CheckoutRequest & { accountId: string | null; patientRef: string; token: string }): Promise<CreatedCheckout>;
  retrieveCheckout(params: { sessionId: string; accountId: string | null; expiresAt: Date | null; now: Date }): Promise<CheckoutState>;
}

/** Options for the Stripe client; tests point `host`/`port`/`protocol` at a loopback fake. */
export type StripeClientOptions = Pick<Stripe.StripeConfig, "host" | "port" | "protocol" | "maxNetworkRetries" | "timeout">;

export function createStripeClient(secretKey: string, options: StripeClientOptions = {}) {
  return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000, ...options });
}

/**
 * Stripe Checkout with direct charges: every request carries the clinic's connected account
 * (`stripeAccount`, sent as the Stripe-Account header) and an idempotency key derived from Luna's payment
 * id, so a retried click never creates two sessions. SPEI needs a Customer: one is created on the
 * connected account with Luna's patient id only (no name, phone or email).
 */
export function stripeGateway(params: { secretKey: string; clientOptions?: StripeClientOptions }): PaymentGateway {
  const stripe = createStripeClient(params.secretKey, params.clientOptions);
  return {
    kind: "stripe",
    async createCheckout(request) {
      if (!request.accountId) throw new Error("stripeGateway: the clinic has no connected account");
      const stripeAccount = request.accountId;
      let customerId: string | undefined;
      if (onlineMethodsFor(request).includes("customer_balance")) {
        const customer = await stripe.customers.create(
          { metadata: { luna_patient_id: request.patientRef } },
          { stripeAccount, idempotencyKey: `luna-customer-${request.paymentId}` },
        );
        customerId = customer.id;
      }
      const session = await stripe.checkout.sessions.create(checkoutSessionParams({ ...request, customerId }), {
        stripeAccount,
        idempotencyKey: `luna-checkout-${request.paymentId}`,
      });
      if (!session.url) throw new Error("stripeGateway: the Checkout Session came back without a URL");
      return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
    },
    async retrieveCheckout({ sessionId, accountId }) {
      if (!accountId) throw new Error("stripeGateway: the payment has no connected account");
      const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ["payment_intent"] }, { stripeAccount: accountId });
      const intent = session.payment_intent;
      return {
        status: session.status === "complete" ? "complete" : session.status === "expired" ? "expired" : "open",
        paymentStatus:
          session.payment_status === "paid" ? "paid" : session.payment_status === "no_payment_required" ? "no_payment_required" : "unpaid",
        intentId: typeof intent === "string" ? intent : (intent?.id ?? null),
        intentStatus: intent && typeof intent !== "string" ? intent.status : null,
      };
    },
  };
}

/** The local stand-in: a page under the patient's link that plays Stripe's part (clearly labelled simulated). */
export const simulatedGateway: PaymentGateway = {
  kind: "simulated",
  async createCheckout(request) {
    return {
      sessionId: `cs_simulated_${request.paymentId.replace(/-/g, "")}`,
      url: `/l/${request.token}/simulated-checkout/${request.paymentId}`,
      expiresAt: request.expiresAt,
    };
  },
  // Luna plays the provider: a session past its expiry is expired; the simulated page settles the rest.
  async retrieveCheckout({ expiresAt, now }) {
    const expired = expiresAt !== null && expiresAt.getTime() <= now.getTime();
    return { status: expired ? "expired" : "open", paymentStatus: "unpaid", intentId: null, intentStatus: null };
  },
};

/** The gateway the environment selects: Stripe with STRIPE_SECRET_KEY, otherwise the simulated checkout. */
export function paymentGateway(env: Env = getEnv()): PaymentGateway {
  return env.STRIPE_SECRET_KEY ? stripeGateway({ secretKey: env.STRIPE_SECRET_KEY }) : simulatedGateway;
}
