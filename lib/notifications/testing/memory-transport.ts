import { randomBytes } from "node:crypto";
import type { Channel } from "@/db/schema";
import { ChannelError, type ChannelTransport, type OutboundMessage, type SendResult } from "../channels/types";

/**
 * A provider on the other side of the network, in memory: it accepts messages (or fails as told)
 * and remembers what it accepted, so a test can count what a patient would have received.
 */
export function createMemoryProvider() {
  const accepted: (OutboundMessage & { sid: string; at: number })[] = [];
  const failures: ((message: OutboundMessage) => ChannelError | null)[] = [];

  const transport = (_channel: Channel): ChannelTransport => ({
    name: "twilio",
    async send(message) {
      const failure = failures.length ? failures[0](message) : null;
      if (failure) throw failure;
      // Unique across providers and test files: they share one database, and a callback finds its row by sid.
      const sid = `SM${randomBytes(16).toString("hex")}`;
      accepted.push({ ...message, sid, at: Date.now() });
      return { providerMessageId: sid, status: "queued", simulated: false } satisfies SendResult;
    },
    async findSent(message, since) {
      const match = accepted.filter((m) => m.deliveryId === message.deliveryId && m.at >= since.getTime() - 1000).at(-1);
      return match ? { providerMessageId: match.sid, status: "queued", simulated: false } : null;
    },
  });

  return {
    accepted,
    transports: { whatsapp: transport("whatsapp"), sms: transport("sms"), email: transport("email") },
    /** Every following send fails with what `fn` returns (null lets it through). */
    failWith(fn: (message: OutboundMessage) => ChannelError | null) {
      failures.splice(0, failures.length, fn);
    },
    heal() {
      failures.splice(0, failures.length);
    },
  };
}
