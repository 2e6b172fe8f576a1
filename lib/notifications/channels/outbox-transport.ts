import type { ChannelTransport } from "./types";

/**
 * The transport for a channel without credentials (development, demos, tests): nothing is sent.
 * The delivery is recorded as sent with `simulated: true`, so the message log shows exactly what
 * would have gone out; no `findSent`, since there is nothing at a provider to find.
 */
export function createOutboxTransport(): ChannelTransport {
  return {
    name: "outbox",
    async send(message) {
      return { providerMessageId: `outbox_${message.deliveryId}`, status: "sent", simulated: true };
    },
  };
}
