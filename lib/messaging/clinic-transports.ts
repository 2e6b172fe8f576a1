import type { Db } from "@/db/client";
import { getEnv, type Env } from "@/lib/env";
import { getTransports, TWILIO_STATUS_CALLBACK_PATH, type Transports } from "@/lib/notifications/channels";
import { createTwilioTransport } from "@/lib/notifications/channels/twilio-transport";
import type twilio from "twilio";
import type { ClinicSenders } from "@/lib/notifications/engine/types";
import { ChannelError, type ChannelTransport } from "@/lib/notifications/channels/types";
import { log } from "@/lib/log";
import { loadOwnSender } from "./clinic-messaging";
import { SecretUnreadableError } from "./secrets";

/**
 * Per-clinic senders: a clinic on Luna's shared sender gets the environment's transports; a clinic with
 * its own sender gets a Twilio transport on its own account, token, Messaging Service or numbers and
 * Content SIDs (email stays Luna's). The settings row is read on every call (one primary-key select, so
 * a saved change applies to the next message); the SDK client built from it is cached until it changes.
 */
export function createClinicSenders(params: { db: Db; env?: Env; httpClient?: twilio.RequestClient }): ClinicSenders {
  const env = params.env ?? getEnv();
  const cache = new Map<string, { version: string; transports: Transports }>();
  const statusCallbackUrl = env.PUBLIC_BASE_URL ? `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}${TWILIO_STATUS_CALLBACK_PATH}` : undefined;
  return {
    async transportsFor(clinicId) {
      const shared = getTransports(env);
      let own: Awaited<ReturnType<typeof loadOwnSender>>;
      try {
        own = await loadOwnSender(params.db, { clinicId });
      } catch (error) {
        // The stored token does not decrypt (LUNA_SECRETS_KEY changed): this clinic's messages fail with a
        // configuration error rather than leaving from Luna's shared sender.
        if (!(error instanceof SecretUnreadableError)) throw error;
        log.error({ event: "messaging.credentials_unreadable", clinicId }, "a clinic's sender token does not decrypt (LUNA_SECRETS_KEY?)");
        const failing = unreadableCredentialsTransport();
        return { whatsapp: failing, sms: failing, email: shared.email };
      }
      if (!own) {
        cache.delete(clinicId);
        return shared;
      }
      const cached = cache.get(clinicId);
      if (cached && cached.version === own.version) return cached.transports;
      const messaging = createTwilioTransport({
        accountSid: own.accountSid,
        authToken: own.authToken,
        messagingServiceSid: own.messagingServiceSid,
        whatsappFrom: own.whatsappFrom,
        smsFrom: own.smsFrom,
        contentSids: own.contentSids,
        contentSidsSource: "Settings → WhatsApp and SMS",
        statusCallbackUrl,
        httpClient: params.httpClient,
        timeoutMs: env.PROVIDER_TIMEOUT_MS,
      });
      const transports: Transports = { whatsapp: messaging, sms: messaging, email: shared.email };
      cache.set(clinicId, { version: own.version, transports });
      return transports;
    },
  };
}

function unreadableCredentialsTransport(): ChannelTransport {
  return {
    name: "twilio",
    async send() {
      throw new ChannelError(
        "sender_not_configured",
        "The clinic's Twilio auth token cannot be decrypted; enter it again in Settings → WhatsApp and SMS",
      );
    },
  };
}
