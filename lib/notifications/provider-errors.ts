import { getEnv } from "@/lib/env";
import type { Channel } from "@/db/schema";

/**
 * What Luna does about a provider's error code, whether it was thrown at send time or reported later in
 * a status callback. One table, used by dispatch and by the webhooks.
 *   fallback     – the address cannot be reached on this channel: send the same message on the next one
 *   unreachable  – remember it on the patient (WhatsApp reachability "no"; SMS reachability "no"; email bounced)
 *   optOut       – the patient (or the carrier for them) opted out of this channel
 *   retryLater   – transient on the handset/carrier side: try the same channel again later, a few times
 *   configError  – our setup is wrong (e.g. not a template): fail, alert in the log, never retry
 * A MARKETING message (a campaign's) reads some WhatsApp codes differently (MARKETING_RULES):
 *   marketingLimited – Meta chose not to deliver this marketing message to this user now: recorded on
 *                      the row, never retried; the next channel only where the patient consented to marketing
 *   marketingOptOut  – the user stopped promotions from us: their WhatsApp marketing consent is revoked,
 *                      the transactional opt-out is left alone (reminders keep flowing)
 */
export interface ProviderErrorRule {
  fallback?: boolean;
  unreachable?: boolean;
  optOut?: boolean;
  retryLater?: boolean;
  configError?: boolean;
  marketingLimited?: boolean;
  marketingOptOut?: boolean;
}

const RULES: Record<Channel, Record<string, ProviderErrorRule>> = {
  whatsapp: {
    "63003": { fallback: true, unreachable: true },
    "63024": { fallback: true, unreachable: true },
    "63014": { optOut: true },
    "21610": { optOut: true },
    "63016": { configError: true },
    "63013": { configError: true },
    "63021": { configError: true },
    // The clinic's own sender has no approved Content SID for this template (Settings → WhatsApp and SMS):
    // its setup is incomplete, not the patient's number; the same message goes on the next channel.
    template_not_configured: { configError: true, fallback: true },
    sender_not_configured: { configError: true, fallback: true },
  },
  sms: {
    "21610": { optOut: true },
    "30003": { retryLater: true },
    "30008": { retryLater: true },
    "30005": { unreachable: true, fallback: true },
    "30006": { unreachable: true, fallback: true },
    "21211": { unreachable: true, fallback: true },
    "21614": { unreachable: true, fallback: true },
    "21408": { configError: true },
    sender_not_configured: { configError: true, fallback: true },
  },
  email: {
    hard_bounce: { unreachable: true },
    complained: { optOut: true },
  },
};

/**
 * WhatsApp on a MARKETING template: 63049 (Twilio) / 131049 (Meta) "not delivered to maintain healthy
 * ecosystem engagement" — the per-user marketing limit, not an error of ours; 63014 (Twilio: blocked by
 * the user's action) / 131050 (Meta: "user has stopped marketing messages") — stop promotions.
 */
const MARKETING_RULES: Partial<Record<Channel, Record<string, ProviderErrorRule>>> = {
  whatsapp: {
    "63049": { marketingLimited: true, fallback: true },
    "131049": { marketingLimited: true, fallback: true },
    "63014": { marketingOptOut: true },
    "131050": { marketingOptOut: true },
  },
};

export function providerErrorRule(
  channel: Channel,
  code: string | null | undefined,
  options: { marketing?: boolean } = {},
): ProviderErrorRule {
  if (!code) return {};
  if (options.marketing) {
    const rule = MARKETING_RULES[channel]?.[code];
    if (rule) return rule;
  }
  return RULES[channel][code] ?? {};
}

/** Same-channel retries after a transient async failure (30003/30008). */
export const MAX_RETRY_LATER = 2;
export const RETRY_LATER_MS = 30 * 60_000;
/** How long WhatsApp is skipped after "not a WhatsApp user" before it is tried again (WHATSAPP_RETRY_AFTER_DAYS). */
export function whatsappRetryAfterDays() {
  return getEnv().WHATSAPP_RETRY_AFTER_DAYS ?? 30;
}
