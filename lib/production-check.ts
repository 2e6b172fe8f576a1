import type { Env } from "@/lib/env";

/**
 * What a clinic needs so that messages reach patients: Twilio (WhatsApp/SMS) with a sender, and Resend
 * (email) with a From address. Without them every message goes to the outbox: simulated.
 */
export function missingMessagingVariables(env: Env): string[] {
  const missing: string[] = [];
  if (!env.TWILIO_ACCOUNT_SID) missing.push("TWILIO_ACCOUNT_SID");
  if (!env.TWILIO_AUTH_TOKEN) missing.push("TWILIO_AUTH_TOKEN");
  if (!env.TWILIO_MESSAGING_SERVICE_SID && !env.TWILIO_WHATSAPP_FROM && !env.TWILIO_SMS_FROM) {
    missing.push("TWILIO_MESSAGING_SERVICE_SID (or TWILIO_WHATSAPP_FROM / TWILIO_SMS_FROM)");
  }
  if (!env.RESEND_API_KEY) missing.push("RESEND_API_KEY");
  if (!env.RESEND_FROM) missing.push("RESEND_FROM");
  return missing;
}

/** Messages are simulated (some channel goes to the outbox): staff pages say so in a banner. */
export function messagesAreSimulated(env: Env) {
  return missingMessagingVariables(env).length > 0;
}

/**
 * What online payments need: Luna's Stripe platform key and the Connect webhook's signing secret.
 * Without the key, the Pay button opens the simulated checkout (no money moves).
 */
export function missingPaymentVariables(env: Env): string[] {
  const missing: string[] = [];
  if (!env.STRIPE_SECRET_KEY) missing.push("STRIPE_SECRET_KEY");
  if (!env.STRIPE_WEBHOOK_SECRET) missing.push("STRIPE_WEBHOOK_SECRET");
  return missing;
}

export type ProductionStartCheck = { ok: true; simulated: boolean } | { ok: false; message: string };

/**
 * In production Luna refuses to start on simulated messages or simulated payments (a clinic could run
 * for weeks believing its patients are reminded, or that they paid), unless LUNA_ALLOW_SIMULATED=1 says
 * so on purpose (a demo, the browser tests).
 */
export function checkProductionStart(env: Env): ProductionStartCheck {
  const missing = [...missingMessagingVariables(env), ...missingPaymentVariables(env)];
  if (env.NODE_ENV !== "production" || missing.length === 0 || env.LUNA_ALLOW_SIMULATED === "1") {
    return { ok: true, simulated: missing.length > 0 };
  }
  return {
    ok: false,
    message:
      `Luna will not start in production with simulated messages or payments: missing ${missing.join(", ")}. ` +
      "Set them (see docs/deploy.md), or set LUNA_ALLOW_SIMULATED=1 to run on purpose with messages that never reach patients " +
      "and a checkout where no money moves (every staff page and the checkout then say so).",
  };
}
