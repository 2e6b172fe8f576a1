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

export type ProductionStartCheck = { ok: true; simulated: boolean } | { ok: false; message: string };

/**
 * In production Luna refuses to start on simulated messages (a clinic could run for weeks believing its
 * patients are reminded), unless LUNA_ALLOW_SIMULATED=1 says so on purpose (a demo, the browser tests).
 */
export function checkProductionStart(env: Env): ProductionStartCheck {
  const missing = missingMessagingVariables(env);
  if (env.NODE_ENV !== "production" || missing.length === 0 || env.LUNA_ALLOW_SIMULATED === "1") {
    return { ok: true, simulated: missing.length > 0 };
  }
  return {
    ok: false,
    message:
      `Luna will not start in production with simulated messages: missing ${missing.join(", ")}. ` +
      "Set them (see docs/deploy.md), or set LUNA_ALLOW_SIMULATED=1 to run on purpose with messages that never reach patients " +
      "(every staff page then says so).",
  };
}
