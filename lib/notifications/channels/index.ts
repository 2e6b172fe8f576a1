import { z } from "zod";
import type { Channel } from "@/db/schema";
import { getEnv, type Env } from "@/lib/env";
import { createOutboxTransport } from "./outbox-transport";
import { createResendTransport } from "./resend-transport";
import { createTwilioTransport } from "./twilio-transport";
import type { ChannelTransport } from "./types";

export { ChannelError } from "./types";
export type { ChannelTransport, OutboundMessage, SendResult } from "./types";
export type { TwilioMessageStatus, TwilioTransport } from "./twilio-transport";

export type Transports = Record<Channel, ChannelTransport>;

/** The path of the Twilio status webhook, below PUBLIC_BASE_URL. */
export const TWILIO_STATUS_CALLBACK_PATH = "/api/webhooks/twilio/status";

const contentSidsSchema = z.record(z.string().min(1), z.string().regex(/^HX[0-9a-fA-F]{32}$/, "must be a Content SID (HX + 32 hex)"));

/**
 * TWILIO_CONTENT_SIDS: a JSON object, template key → approved Content SID. Absent means none; a
 * malformed value is a startup error naming the variable (never a WhatsApp send that fails later).
 */
export function parseContentSids(raw: string | undefined): Record<string, string> {
  if (raw === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('Invalid environment: TWILIO_CONTENT_SIDS is not valid JSON (expected {"template.key": "HX…"})');
  }
  const parsed = contentSidsSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: TWILIO_CONTENT_SIDS ${issues}`);
  }
  return parsed.data;
}

/**
 * The sender a message on this channel leaves from, as the pacing key ("whatsapp:+52…", "sms:MG…",
 * "email:clinic.mx"); the channel itself when its transport has no sender (the outbox).
 */
export function senderKeyOf(channel: Channel, transports: Transports = getTransports()): string {
  return transports[channel].senderKey?.(channel) ?? channel;
}

/** One set of transports per env object: getEnv() is cached, so the app builds them once. */
const cache = new WeakMap<Env, Transports>();

/**
 * The transport for each channel: Twilio for WhatsApp and SMS when TWILIO_ACCOUNT_SID and
 * TWILIO_AUTH_TOKEN are set, Resend for email when RESEND_API_KEY is set, otherwise the outbox
 * transport (nothing sent, deliveries marked simulated). Provider clients are built on first send.
 */
export function getTransports(env: Env = getEnv()): Transports {
  const cached = cache.get(env);
  if (cached) return cached;
  const transports = buildTransports(env);
  cache.set(env, transports);
  return transports;
}

function buildTransports(env: Env): Transports {
  const contentSids = parseContentSids(env.TWILIO_CONTENT_SIDS);
  const outbox = createOutboxTransport();

  let messaging: ChannelTransport = outbox;
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN) {
    if (!env.TWILIO_MESSAGING_SERVICE_SID && !env.TWILIO_WHATSAPP_FROM && !env.TWILIO_SMS_FROM) {
      throw new Error(
        "Invalid environment: Twilio is configured without a sender; set TWILIO_MESSAGING_SERVICE_SID or TWILIO_WHATSAPP_FROM/TWILIO_SMS_FROM",
      );
    }
    messaging = createTwilioTransport({
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
      whatsappFrom: env.TWILIO_WHATSAPP_FROM,
      smsFrom: env.TWILIO_SMS_FROM,
      contentSids,
      statusCallbackUrl: env.PUBLIC_BASE_URL ? `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}${TWILIO_STATUS_CALLBACK_PATH}` : undefined,
      timeoutMs: env.PROVIDER_TIMEOUT_MS,
    });
  }

  let email: ChannelTransport = outbox;
  if (env.RESEND_API_KEY) {
    if (!env.RESEND_FROM) {
      throw new Error("Invalid environment: RESEND_API_KEY is set but RESEND_FROM (the sender address) is not");
    }
    email = createResendTransport({ apiKey: env.RESEND_API_KEY, from: env.RESEND_FROM, timeoutMs: env.PROVIDER_TIMEOUT_MS });
  }

  return { whatsapp: messaging, sms: messaging, email };
}
