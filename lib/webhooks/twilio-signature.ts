import twilio from "twilio";

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

/** Twilio waits for an answer; an empty TwiML response says "nothing to reply". */
export function emptyTwiml(status = 200) {
  return new Response("<Response/>", { status, headers: { "content-type": "text/xml" } });
}
