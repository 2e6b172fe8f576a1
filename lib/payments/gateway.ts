import Stripe from "stripe";
import { getEnv, type Env } from "@/lib/env";
import { checkoutSessionParams, onlineMethodsFor, type CheckoutRequest } from "./checkout-options";

export interface CreatedCheckout {
  sessionId: string;
  url: string;
  expiresAt: Date;
}

/** Where a patient pays: Stripe Checkout on the clinic's connected account, or Luna's simulated checkout (no keys). */
export interface PaymentGateway {
  kind: "stripe" | "simulated";
  createCheckout(request: CheckoutRequest & { accountId: string | null; patientRef: string; token: string }): Promise<CreatedCheckout>;
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
};

/** The gateway the environment selects: Stripe with STRIPE_SECRET_KEY, otherwise the simulated checkout. */
export function paymentGateway(env: Env = getEnv()): PaymentGateway {
  return env.STRIPE_SECRET_KEY ? stripeGateway({ secretKey: env.STRIPE_SECRET_KEY }) : simulatedGateway;
}
