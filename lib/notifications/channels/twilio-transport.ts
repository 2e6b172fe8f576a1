import twilio from "twilio";
import type { MessageInstance, MessageListInstanceCreateOptions } from "twilio/lib/rest/api/v2010/account/message";
import { redactContact } from "./redact";
import { ChannelError, type ChannelTransport, type OutboundMessage, type SendResult } from "./types";

export interface TwilioTransportOptions {
  accountSid: string;
  authToken: string;
  /** MG… — when set it is the sender for both channels (its pool holds the WhatsApp and SMS senders). */
  messagingServiceSid?: string;
  /** "+52…" or "whatsapp:+52…"; used when there is no Messaging Service. */
  whatsappFrom?: string;
  /** "+52…" or an alphanumeric sender; used when there is no Messaging Service. */
  smsFrom?: string;
  /** Template key (OutboundMessage.templateKey) → approved Content SID (HX…). */
  contentSids: Record<string, string>;
  /** Where the Content SIDs are configured, named in a template_not_configured error (default TWILIO_CONTENT_SIDS). */
  contentSidsSource?: string;
  /** Where Twilio posts status changes; omitted when the app has no public URL. */
  statusCallbackUrl?: string;
  /** For tests or proxies: any twilio RequestClient-compatible object. */
  httpClient?: twilio.RequestClient;
  /** Upper bound of one API call in ms (default 10 s): longer is ambiguous, and asked about before a retry. */
  timeoutMs?: number;
}

/** Twilio answers in well under a second; a call still open after this is treated as lost. */
export const DEFAULT_TWILIO_TIMEOUT_MS = 10_000;

/** What Twilio says about a message now, for the reconciliation job (callbacks can be missed). */
export interface TwilioMessageStatus {
  sid: string;
  /** Twilio's own word: queued, sent, delivered, read, undelivered, failed, … */
  status: string;
  /** Twilio error code as a string ("63003"), null when none. */
  errorCode: string | null;
}

export interface TwilioTransport extends ChannelTransport {
  readonly name: "twilio";
  findSent(message: OutboundMessage, since: Date): Promise<SendResult | null>;
  fetchStatus(sid: string): Promise<TwilioMessageStatus>;
}

/** Twilio's first status on create: queued (plain sender), accepted (Messaging Service), scheduled. */
const INITIAL_STATUSES = new Set(["queued", "accepted", "scheduled", "sending"]);

/** Codes that mean the patient told us to stop on that channel. */
const OPT_OUT_CODES = new Set([21610, 63014]);
/** Codes that mean the address cannot receive on that channel (fall back to another one). */
const UNREACHABLE_CODES: Record<"whatsapp" | "sms", Set<number>> = {
  whatsapp: new Set([63003, 63024]),
  sms: new Set([21211, 21614]),
};

const NETWORK_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ERR_NETWORK",
]);

/** How many recent messages to one address reconciliation looks at. */
const FIND_SENT_PAGE_SIZE = 20;

/**
 * WhatsApp (Content API templates) and SMS through Twilio's Messages API, one transport for both
 * channels. The SDK client is built on first use, so importing this module needs no credentials.
 */
export function createTwilioTransport(options: TwilioTransportOptions): TwilioTransport {
  let client: twilio.Twilio | undefined;
  const timeout = options.timeoutMs ?? DEFAULT_TWILIO_TIMEOUT_MS;
  const getClient = () =>
    (client ??= twilio(options.accountSid, options.authToken, {
      // Every request is bounded (axios' timeout, per request); a 429's Retry-After is read on the way.
      httpClient: withRetryAfter(options.httpClient ?? new twilio.RequestClient({ timeout, keepAlive: true })),
      timeout,
      // The SDK can retry HTTP 429 itself (`autoRetry: true`), sleeping inside this call. We leave it
      // off: the dispatcher owns retries and back-off, records every attempt on the delivery row and
      // releases its claim between tries; a hidden in-call retry loop would hold the claim, hide the
      // attempts and add its delays to a time-critical reminder. A 429 comes back as a retryable
      // ChannelError instead.
      autoRetry: false,
    }));

  return {
    name: "twilio",

    senderKey(channel) {
      if (channel !== "whatsapp" && channel !== "sms") return undefined;
      const sender = options.messagingServiceSid ?? (channel === "whatsapp" ? options.whatsappFrom : options.smsFrom);
      return sender ? `${channel}:${sender.replace(/^whatsapp:/, "")}` : undefined;
    },

    async send(message) {
      const params = buildCreateParams(message, options);
      try {
        const created = await getClient().messages.create(params);
        return {
          providerMessageId: created.sid,
          status: INITIAL_STATUSES.has(created.status) ? "queued" : "sent",
          simulated: false,
        };
      } catch (error) {
        throw toChannelError(error, message.channel);
      }
    },

    /**
     * Crash recovery: a send may have been accepted by Twilio while the process died before the
     * delivery row recorded it. Look for an outbound message to the same address since the attempt
     * began and, if it is this delivery's message, return it so it is recorded rather than sent again.
     *
     * Matching: Twilio's Message resource carries no ContentSid, so a WhatsApp message cannot be
     * matched by template. Both channels match on the body Twilio stored against `message.text`
     * (whitespace-normalised). With a Messaging Service Twilio may store an empty body for Content
     * API messages (twilio/twilio-node#1081); such a message cannot be told apart from another
     * delivery's and is not returned — a possible duplicate is preferred to recording a different
     * delivery's message as this one and never sending it.
     */
    async findSent(message, since) {
      const to = toAddress(message);
      try {
        // No DateSent filter: a message accepted a moment ago has no date_sent yet (it is queued), and
        // Twilio's DateSent> would hide exactly the message we are looking for. The newest first, by To.
        const page = await getClient().messages.page({ to, pageSize: FIND_SENT_PAGE_SIZE });
        const wanted = normaliseBody(message.text);
        const match = page.instances
          .filter((m) => m.direction?.startsWith("outbound") && m.status !== "canceled")
          .filter((m) => createdAt(m) >= since.getTime())
          .filter((m) => wanted !== "" && normaliseBody(m.body ?? "") === wanted)
          .sort((a, b) => createdAt(b) - createdAt(a))[0];
        if (!match) return null;
        return {
          providerMessageId: match.sid,
          status: INITIAL_STATUSES.has(match.status) ? "queued" : "sent",
          simulated: false,
          providerStatus: match.status,
          providerErrorCode: match.errorCode ? String(match.errorCode) : null,
        };
      } catch (error) {
        throw toChannelError(error, message.channel);
      }
    },

    async fetchStatus(sid) {
      try {
        const found = await getClient().messages(sid).fetch();
        return {
          sid: found.sid,
          status: found.status,
          errorCode: found.errorCode ? String(found.errorCode) : null,
        };
      } catch (error) {
        // No channel: a status lookup says nothing about whether an address is reachable.
        throw toChannelError(error);
      }
    },
  };
}

function buildCreateParams(message: OutboundMessage, options: TwilioTransportOptions): MessageListInstanceCreateOptions {
  if (message.channel !== "whatsapp" && message.channel !== "sms") {
    throw new ChannelError("unsupported_channel", `Twilio does not send ${message.channel}`);
  }
  const sender = senderFor(message.channel, options);
  const common = {
    to: toAddress(message),
    ...sender,
    ...(options.statusCallbackUrl ? { statusCallback: options.statusCallbackUrl } : {}),
  };
  if (message.channel === "sms") {
    return { ...common, body: message.text };
  }
  const contentSid = options.contentSids[message.templateKey];
  if (!contentSid) {
    throw new ChannelError(
      "template_not_configured",
      `No approved WhatsApp Content SID for template "${message.templateKey}" (${options.contentSidsSource ?? "TWILIO_CONTENT_SIDS"})`,
    );
  }
  // Never a Body with a ContentSid (Twilio: superseded by the ContentSid). ContentVariables must be a
  // JSON string: an object would be form-encoded as ContentVariables[1]=… and Twilio would fill the
  // template with its sample values.
  return { ...common, contentSid, contentVariables: JSON.stringify(message.contentVariables) };
}

function senderFor(channel: "whatsapp" | "sms", options: TwilioTransportOptions) {
  if (options.messagingServiceSid) return { messagingServiceSid: options.messagingServiceSid };
  if (channel === "whatsapp" && options.whatsappFrom) return { from: withWhatsappPrefix(options.whatsappFrom) };
  if (channel === "sms" && options.smsFrom) return { from: options.smsFrom };
  throw new ChannelError(
    "sender_not_configured",
    `No Twilio sender for ${channel}: set TWILIO_MESSAGING_SERVICE_SID or TWILIO_${channel.toUpperCase()}_FROM`,
  );
}

function toAddress(message: OutboundMessage): string {
  return message.channel === "whatsapp" ? withWhatsappPrefix(message.to) : message.to;
}

function withWhatsappPrefix(address: string): string {
  return address.startsWith("whatsapp:") ? address : `whatsapp:${address}`;
}

function normaliseBody(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}

function createdAt(m: MessageInstance): number {
  const at = m.dateCreated ?? m.dateSent;
  return at instanceof Date && !Number.isNaN(at.getTime()) ? at.getTime() : 0;
}

/**
 * Twilio failures → ChannelError. HTTP 429 and 5xx ("never processed", safe to retry) and network
 * failures are retryable; opt-out and unreachable codes carry their flag; any other 4xx is permanent
 * with Twilio's code. Anything else (a bug) is rethrown unchanged so it is logged as unexpected.
 */
export function toChannelError(error: unknown, channel?: OutboundMessage["channel"]): unknown {
  if (error instanceof ChannelError) return error;
  if (error instanceof twilio.RestException) {
    const status = error.status;
    const twilioCode = typeof error.code === "number" ? error.code : undefined;
    const code = twilioCode !== undefined ? String(twilioCode) : `http_${status}`;
    const message = redactContact(error.message || `Twilio answered HTTP ${status}`);
    if (status === 429) {
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
      return new ChannelError(code, message, { retryable: true, retryAfterMs: retryAfterMs ?? DEFAULT_RETRY_AFTER_MS });
    }
    // A gateway's 502/503/504 may come after Twilio's backend accepted the message: ask before resending.
    // Any other 5xx is an error Twilio reports about itself; retried, and asked about too to be safe.
    if (status >= 500) return new ChannelError(code, message, { retryable: true, ambiguous: true });
    if (twilioCode !== undefined && OPT_OUT_CODES.has(twilioCode)) {
      return new ChannelError(code, message, { retryable: false, optOut: true });
    }
    if (twilioCode !== undefined && (channel === "whatsapp" || channel === "sms") && UNREACHABLE_CODES[channel].has(twilioCode)) {
      return new ChannelError(code, message, { retryable: false, unreachable: true });
    }
    return new ChannelError(code, message, { retryable: false });
  }
  if (isNetworkError(error)) {
    const detail = (error as { code?: unknown }).code;
    const timedOut = detail === "ECONNABORTED" || detail === "ETIMEDOUT" || detail === "ESOCKETTIMEDOUT";
    // Refused or unresolved: the request never left. Anything else (reset, timeout) may have been accepted.
    const neverSent = detail === "ECONNREFUSED" || detail === "ENOTFOUND" || detail === "EAI_AGAIN";
    return new ChannelError(
      timedOut ? "timeout" : "network",
      `Twilio ${timedOut ? "did not answer in time" : "unreachable"}${typeof detail === "string" ? ` (${detail})` : ""}`,
      { retryable: true, ambiguous: !neverSent },
    );
  }
  return error;
}

function isNetworkError(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, isAxiosError, response } = error as { code?: unknown; isAxiosError?: unknown; response?: unknown };
  // axios errors without a response: the request never got an HTTP answer.
  if (isAxiosError === true && !response) return true;
  return typeof code === "string" && NETWORK_ERROR_CODES.has(code);
}

/** A 429 without Retry-After waits this long. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * The SDK's RestException drops response headers; this wrapper reads a 429's `Retry-After` (seconds,
 * or an HTTP date) and throws the SDK's own exception with it attached.
 */
function withRetryAfter(inner: twilio.RequestClient): twilio.RequestClient {
  const wrapped = Object.create(inner) as twilio.RequestClient;
  wrapped.request = async function (opts) {
    const response = await inner.request(opts);
    if (response.statusCode === 429) {
      const exception = new twilio.RestException(response) as InstanceType<typeof twilio.RestException> & { retryAfterMs?: number };
      exception.retryAfterMs = parseRetryAfter(headerOf(response.headers, "retry-after"));
      throw exception;
    }
    return response;
  } as twilio.RequestClient["request"];
  return wrapped;
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const value = (headers as Record<string, unknown>)[name] ?? (headers as Record<string, unknown>)[name.toLowerCase()];
  return typeof value === "string"
    ? value
    : Array.isArray(value)
      ? String(value[0])
      : typeof value === "number"
        ? String(value)
        : undefined;
}

/** Retry-After: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3_600) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.min(at - now, 3_600_000));
}
