import { createHash } from "node:crypto";
import twilio from "twilio";
import { getEnv } from "@/lib/env";
import { readWebhookForm } from "./read-webhook-form";
import { log } from "@/lib/log";
import type { Db } from "@/db/client";
import { unsafeFindOwnSenderForWebhook, type TwilioWebhookSender } from "@/lib/messaging/clinic-messaging";

/**
 * Twilio signs the URL it called plus every posted parameter. Behind a proxy the app sees another host,
 * so the URL is rebuilt from PUBLIC_BASE_URL and the request's path and query, never from the Host header.
 */
export function twilioWebhookUrl(params: { publicBaseUrl: string; requestUrl: string }) {
  const url = new URL(params.requestUrl);
  return `${params.publicBaseUrl.replace(/\/$/, "")}${url.pathname}${url.search}`;
}

export function isValidTwilioSignature(params: {
  authToken: string;
  signature: string | null;
  url: string;
  form: Record<string, string>;
}): boolean {
  if (!params.signature) return false;
  return twilio.validateRequest(params.authToken, params.signature, params.url, params.form);
}

/**
 * The identity of a signed callback: a SHA-256 over every posted parameter (sorted, as the signature
 * covers them). Two deliveries of the same callback get the same id; a different status, error code or
 * any other signed field gets another.
 */
export function twilioCallbackEventId(form: Record<string, string>): string {
  const canonical = Object.keys(form)
    .sort()
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(form[key])}`)
    .join("&");
  return `form:${createHash("sha256").update(canonical).digest("hex")}`;
}

/** Twilio waits for an answer; an empty TwiML response says "nothing to reply". */
export function emptyTwiml(status = 200) {
  return new Response("<Response/>", { status, headers: { "content-type": "text/xml" } });
}

/** A plain-text answer for refusals: no stack traces, nothing cached. */
export function plainResponse(status: number, body: string, headers: Record<string, string> = {}) {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });
}

export type { TwilioWebhookSender };

/**
 * What both Twilio webhooks do first: refuse without PUBLIC_BASE_URL (503; nothing can be verified),
 * read the form with a size cap (413/400), find whose sender the request is for — a clinic's own account
 * (by AccountSid, narrowed by To / MessagingServiceSid) or else Luna's shared one (503 when that has no
 * auth token) — and check X-Twilio-Signature with that sender's auth token over the public URL and every
 * parameter (403; a request naming a clinic's account is never checked with another token). Returns the
 * verified form and whose it is, or the response to send. Logs say why, never what was posted.
 */
export async function verifyTwilioWebhook(
  request: Request,
  params: { logPrefix: string; db: Db },
): Promise<{ ok: true; form: Record<string, string>; sender: TwilioWebhookSender } | { ok: false; response: Response }> {
  let envToken: string | undefined;
  let publicBaseUrl: string | undefined;
  try {
    ({ TWILIO_AUTH_TOKEN: envToken, PUBLIC_BASE_URL: publicBaseUrl } = getEnv());
  } catch {
    // An invalid environment is reported at start-up; here it only means "not configured".
  }
  if (!publicBaseUrl) {
    log.error(
      { event: "webhook.twilio.not_configured" },
      `${params.logPrefix} rejected: PUBLIC_BASE_URL must be set to accept Twilio webhooks`,
    );
    return { ok: false, response: plainResponse(503, "Not configured") };
  }
  const read = await readWebhookForm(request);
  if (!read.ok) return { ok: false, response: plainResponse(read.status, read.status === 413 ? "Payload too large" : "Bad request") };

  const found = await unsafeFindOwnSenderForWebhook(params.db, {
    accountSid: read.form.AccountSid,
    to: read.form.To,
    messagingServiceSid: read.form.MessagingServiceSid,
  });
  if (found.kind === "ambiguous") {
    log.warn(
      { event: "webhook.twilio.ambiguous_sender" },
      `${params.logPrefix} rejected: the account is several clinics' and To matches none`,
    );
    return { ok: false, response: plainResponse(403, "Forbidden") };
  }
  if (found.kind === "unreadable") {
    log.error(
      { event: "webhook.twilio.credentials_unreadable", clinicId: found.clinicId },
      `${params.logPrefix} rejected: the clinic's auth token does not decrypt (LUNA_SECRETS_KEY?)`,
    );
    return { ok: false, response: plainResponse(503, "Not configured") };
  }
  const authToken = found.kind === "own" ? found.sender.authToken : envToken;
  if (!authToken) {
    log.error(
      { event: "webhook.twilio.not_configured" },
      `${params.logPrefix} rejected: TWILIO_AUTH_TOKEN must be set to accept webhooks for Luna's shared sender`,
    );
    return { ok: false, response: plainResponse(503, "Not configured") };
  }
  const signature = request.headers.get("x-twilio-signature");
  const url = twilioWebhookUrl({ publicBaseUrl, requestUrl: request.url });
  if (!isValidTwilioSignature({ authToken, signature, url, form: read.form })) {
    log.warn(
      { event: "webhook.twilio.bad_signature", ...(found.kind === "own" ? { clinicId: found.sender.clinicId } : {}) },
      `${params.logPrefix} rejected: ${signature ? "invalid" : "missing"} signature`,
    );
    return { ok: false, response: plainResponse(403, "Forbidden") };
  }
  const sender: TwilioWebhookSender = found.kind === "own" ? { kind: "own", clinicId: found.sender.clinicId } : { kind: "shared" };
  return { ok: true, form: read.form, sender };
}
