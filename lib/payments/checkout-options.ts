import type Stripe from "stripe";
import type { Currency, Locale } from "@/db/schema";

/** OXXO takes 10.00–10,000.00 MXN per payment (Stripe's OXXO limits), in centavos. */
export const OXXO_MIN_MINOR = 1_000;
export const OXXO_MAX_MINOR = 1_000_000;
/** Days an OXXO voucher stays payable (Stripe allows 1–7; 3 is its default). */
export const OXXO_EXPIRES_AFTER_DAYS = 3;
/** The smallest amount Stripe charges per currency (MXN 10.00, USD 0.50): below it the link says "contact the clinic". */
export const MIN_CHARGE_MINOR: Record<Currency, number> = { MXN: 1_000, USD: 50 };

export type OnlineMethod = "card" | "oxxo" | "customer_balance";

/** Methods offered for an amount: card, OXXO (within its limits) and SPEI (customer_balance) for MXN; card only for USD. */
export function onlineMethodsFor(params: { amountMinor: number; currency: Currency }): OnlineMethod[] {
  if (params.currency === "USD") return ["card"];
  const oxxo = params.amountMinor >= OXXO_MIN_MINOR && params.amountMinor <= OXXO_MAX_MINOR;
  return oxxo ? ["card", "oxxo", "customer_balance"] : ["card", "customer_balance"];
}

export interface CheckoutRequest {
  paymentId: string;
  chargeId: string;
  clinicId: string;
  amountMinor: number;
  currency: Currency;
  locale: Locale;
  /** A neutral line ("Consulta con Dr. García"): never the charge's concept, which may name a test or a drug. */
  description: string;
  successUrl: string;
  cancelUrl: string;
  /** The Checkout Session's own expiry (30 min – 24 h after creation). */
  expiresAt: Date;
  /** The connected account's Customer (SPEI needs one). */
  customerId?: string;
}

/**
 * The Checkout Session Luna asks Stripe for (stripe-node 23 / API 2026-11-18: `allowed_payment_method_types`
 * replaced `payment_method_types`). Pure, so the exact request is tested without a network.
 */
export function checkoutSessionParams(request: CheckoutRequest): Stripe.Checkout.SessionCreateParams {
  const methods = onlineMethodsFor(request);
  const metadata = { luna_payment_id: request.paymentId, luna_charge_id: request.chargeId, luna_clinic_id: request.clinicId };
  return {
    mode: "payment",
    allowed_payment_method_types: methods,
    ...(methods.includes("customer_balance") || methods.includes("oxxo")
      ? {
          payment_method_options: {
            ...(methods.includes("oxxo") ? { oxxo: { expires_after_days: OXXO_EXPIRES_AFTER_DAYS } } : {}),
            ...(methods.includes("customer_balance")
              ? { customer_balance: { funding_type: "bank_transfer" as const, bank_transfer: { type: "mx_bank_transfer" as const } } }
              : {}),
          },
        }
      : {}),
    ...(request.customerId ? { customer: request.customerId } : {}),
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: request.currency.toLowerCase(),
          unit_amount: request.amountMinor,
          product_data: { name: request.description },
        },
      },
    ],
    locale: request.locale === "en" ? "en" : "es-419",
    client_reference_id: request.paymentId,
    metadata,
    payment_intent_data: { metadata },
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    expires_at: Math.floor(request.expiresAt.getTime() / 1000),
  };
}
