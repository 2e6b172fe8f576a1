import { Resend, type ErrorResponse } from "resend";
import { redactContact } from "./redact";
import { ChannelError, type ChannelTransport } from "./types";

export interface ResendTransportOptions {
  apiKey: string;
  /** e.g. "Clínica Luna <avisos@luna.example.mx>" */
  from: string;
  /** Tests and proxies; default https://api.resend.com (or RESEND_BASE_URL). */
  baseUrl?: string;
  /** Upper bound of one API call in ms (default 10 s), through an AbortSignal. */
  timeoutMs?: number;
}

export const DEFAULT_RESEND_TIMEOUT_MS = 10_000;

/** Error names that mean "try again later" whatever the status says. */
const RETRYABLE_NAMES = new Set<string>([
  "rate_limit_exceeded",
  "internal_server_error",
  // Another request with the same idempotency key is still in flight: retrying returns its result.
  "concurrent_idempotent_requests",
]);

/**
 * Email through Resend. The client is built on first send: `new Resend()` without a key throws.
 *
 * No `findSent`: every send carries the idempotency key `delivery/<deliveryId>`, and Resend answers
 * a repeated key within 24 h with the first response instead of sending again. A retry after a crash
 * therefore *is* the reconciliation, as long as it happens within that window (dispatch retries
 * within minutes to hours).
 */
export function createResendTransport(options: ResendTransportOptions): ChannelTransport {
  let client: Resend | undefined;
  const getClient = () => (client ??= new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined));

  const timeoutMs = options.timeoutMs ?? DEFAULT_RESEND_TIMEOUT_MS;
  const domain = options.from.match(/@([^>\s]+)>?\s*$/)?.[1]?.toLowerCase();

  return {
    name: "resend",

    senderKey(channel) {
      return channel === "email" && domain ? `email:${domain}` : undefined;
    },

    async send(message) {
      if (message.channel !== "email") {
        throw new ChannelError("unsupported_channel", `Resend does not send ${message.channel}`);
      }
      if (!message.email) {
        throw new ChannelError("email_content_missing", "Email message without subject/html/text");
      }
      // Resend returns errors instead of throwing (network failures included): check `error`.
      // A timed-out call is aborted and comes back as a network error: retried with the same key, which
      // Resend answers with the first result if it had been accepted.
      const { data, error, headers } = await getClient().emails.send(
        {
          from: options.from,
          to: message.to,
          subject: message.email.subject,
          html: message.email.html,
          text: message.email.text,
          ...(message.email.headers ? { headers: message.email.headers } : {}),
          tags: [{ name: "delivery_id", value: message.deliveryId }],
        },
        { idempotencyKey: `delivery/${message.deliveryId}`, signal: AbortSignal.timeout(timeoutMs) },
      );
      if (error) throw resendError(error, headers?.["retry-after"]);
      if (!data?.id) {
        // Safe to retry: the idempotency key makes a second call return the first result.
        throw new ChannelError("invalid_response", "Resend answered without an email id", { retryable: true });
      }
      return { providerMessageId: data.id, status: "sent", simulated: false };
    },
  };
}

/**
 * 429, 5xx and network failures (`application_error` with statusCode null) are retryable; every
 * other 4xx (validation_error 422, invalid_from_address, invalid_idempotent_request 409 = same key
 * with a different payload, …) is permanent with Resend's error name as the code.
 */
export function resendError(error: ErrorResponse, retryAfter?: string | null): ChannelError {
  const status = error.statusCode;
  const message = redactContact(error.message || `Resend error ${error.name}`);
  if (status === null || status === undefined) {
    // The SDK reports a failed fetch as application_error without a status.
    const network = error.name === "application_error";
    return new ChannelError(network ? "network" : error.name, message, { retryable: network || RETRYABLE_NAMES.has(error.name) });
  }
  const retryable = status === 429 || status >= 500 || RETRYABLE_NAMES.has(error.name);
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  return new ChannelError(error.name || `http_${status}`, message, {
    retryable,
    ...(status === 429 ? { retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 3_600) * 1000 : 1_000 } : {}),
  });
}
