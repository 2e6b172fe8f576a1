import { createHash } from "node:crypto";
import twilio from "twilio";
import { getEnv } from "@/lib/env";
import { readWebhookForm } from "./read-webhook-form";
import { log } from "@/lib/log";

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

/**
 * What both Twilio webhooks do first: refuse when not configured (503; without the auth token and the
 * public URL nothing can be verified, and Twilio's debugger then shows the operator error 11200), read the
 * form with a size cap (413/400), and check X-Twilio-Signature over the public URL and every parameter
 * (403). Returns the verified form, or the response to send. Logs say why, never what was posted.
 */
export async function verifyTwilioWebhook(
  request: Request,
  params: { logPrefix: string },
): Promise<{ ok: true; form: Record<string, string> } | { ok: false; response: Response }> {
  let authToken: string | undefined;
  let publicBaseUrl: string | undefined;
  try {
    ({ TWILIO_AUTH_TOKEN: authToken, PUBLIC_BASE_URL: publicBaseUrl } = getEnv());
  } catch {
    // An invalid environment is reported at start-up; here it only means "not configured".
  }
  if (!authToken || !publicBaseUrl) {
    log.error(
      { event: "webhook.twilio.not_configured" },
      `${params.logPrefix} rejected: TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL must be set to accept Twilio webhooks`,
    );
    return { ok: false, response: plainResponse(503, "Not configured") };
  }
  const read = await readWebhookForm(request);
  if (!read.ok) return { ok: false, response: plainResponse(read.status, read.status === 413 ? "Payload too large" : "Bad request") };
  const signature = request.headers.get("x-twilio-signature");
  const url = twilioWebhookUrl({ publicBaseUrl, requestUrl: request.url });
  if (!isValidTwilioSignature({ authToken, signature, url, form: read.form })) {
    log.warn({ event: "webhook.twilio.bad_signature" }, `${params.logPrefix} rejected: ${signature ? "invalid" : "missing"} signature`);
    return { ok: false, response: plainResponse(403, "Forbidden") };
  }
  return { ok: true, form: read.form };
}
