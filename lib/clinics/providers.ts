import { activeParts, getEnv, type Env } from "@/lib/env";

/**
 * Which provider each part uses, for the account page: the same reading of the environment that
 * /api/health reports (`activeParts`), plus whether the WhatsApp and SMS senders and the email sender
 * are set. Only names and yes/no leave this function, never a key, token, SID or address.
 */
export function configuredProviders(env: Env = getEnv()) {
  const parts = activeParts(env);
  const twilio = parts.messaging === "twilio";
  return {
    messaging: parts.messaging,
    whatsappSender: twilio && Boolean(env.TWILIO_MESSAGING_SERVICE_SID || env.TWILIO_WHATSAPP_FROM),
    whatsappTemplates: twilio && Boolean(env.TWILIO_CONTENT_SIDS),
    smsSender: twilio && Boolean(env.TWILIO_MESSAGING_SERVICE_SID || env.TWILIO_SMS_FROM),
    email: parts.email,
    emailSender: parts.email === "resend" && Boolean(env.RESEND_FROM),
    storage: parts.storage,
    scheduler: parts.scheduler,
    db: parts.db,
  };
}

export type ConfiguredProviders = ReturnType<typeof configuredProviders>;
