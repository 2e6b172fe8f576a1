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
 */
export interface ProviderErrorRule {
  fallback?: boolean;
  unreachable?: boolean;
  optOut?: boolean;
  retryLater?: boolean;
  configError?: boolean;
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

export function providerErrorRule(channel: Channel, code: string | null | undefined): ProviderErrorRule {
  if (!code) return {};
  return RULES[channel][code] ?? {};
}

/** Same-channel retries after a transient async failure (30003/30008). */
export const MAX_RETRY_LATER = 2;
export const RETRY_LATER_MS = 30 * 60_000;
/** How long WhatsApp is skipped after "not a WhatsApp user" before it is tried again (WHATSAPP_RETRY_AFTER_DAYS). */
export function whatsappRetryAfterDays() {
  return getEnv().WHATSAPP_RETRY_AFTER_DAYS ?? 30;
}
