import type { Channel } from "@/db/schema";

/** One rendered message, ready for a channel adapter. Built by dispatch from a delivery row. */
export interface OutboundMessage {
  deliveryId: string;
  channel: Channel;
  /** E.164 for whatsapp/sms (the adapter adds `whatsapp:`), an address for email. */
  to: string;
  locale: "es" | "en";
  templateKey: string;
  /** The full text: the SMS body, and the WhatsApp text as the patient will read it. */
  text: string;
  /** WhatsApp: the ordered template variables, keyed "1", "2", … as Twilio's Content API wants them. */
  contentVariables: Record<string, string>;
  /** Email only. */
  email?: { subject: string; html: string; text: string; headers?: Record<string, string> };
}

export interface SendResult {
  providerMessageId: string;
  /** The provider's first status, mapped to ours. */
  status: "queued" | "sent";
  /** True when nothing left the machine (outbox transport). */
  simulated: boolean;
  /**
   * The provider's own status word when it says more than `status` (e.g. Twilio "failed" or
   * "delivered" on a message found by `findSent`). Absent on a fresh send.
   */
  providerStatus?: string;
  /** The provider's error code for a message found already failed (e.g. Twilio "63003"). */
  providerErrorCode?: string | null;
}

/**
 * A send that did not go through. `retryable` failures (HTTP 429, 5xx, network) are tried again with
 * back-off; others fail the delivery with `code` recorded. `optOut` marks the patient opted out of
 * the channel (21610, 63014); `unreachable` marks the address unusable on that channel (63003/63024
 * on WhatsApp; 21211/21614 on SMS).
 */
export class ChannelError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly options: {
      retryable: boolean;
      optOut?: boolean;
      unreachable?: boolean;
      /**
       * The provider may have accepted the message (a timeout, a connection reset after the request
       * went out, 502/503/504): before any second send, ask it (`findSent`).
       */
      ambiguous?: boolean;
      /** A 429's Retry-After, in ms: the sender waits at least this long (engine/pacing.ts). */
      retryAfterMs?: number;
    } = { retryable: false },
  ) {
    super(message);
    this.name = "ChannelError";
  }
  get retryable() {
    return this.options.retryable;
  }
  get ambiguous() {
    return this.options.ambiguous === true;
  }
}

export interface ChannelTransport {
  readonly name: "twilio" | "resend" | "outbox";
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * After a crash between send and record: the provider's message for this delivery, if one was
   * accepted since `since` (so it is recorded, not sent twice). Null when there is none.
   */
  findSent?(message: OutboundMessage, since: Date): Promise<SendResult | null>;
  /**
   * The sender a message on this channel goes out from ("whatsapp:MG…", "sms:+5255…",
   * "email:clinicaluna.mx"), which sends are paced by. Absent: not paced (the outbox).
   */
  senderKey?(channel: Channel): string | undefined;
}
