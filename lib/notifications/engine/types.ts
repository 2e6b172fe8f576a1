import type { Db } from "@/db/client";
import type { Channel } from "@/db/schema";
import type { ChannelTransport } from "../channels/types";
import type { Pacer } from "./pacer";

/** Which transports carry one clinic's messages: its own sender's, or Luna's shared ones (lib/messaging/clinic-transports.ts). */
export interface ClinicSenders {
  transportsFor(clinicId: string): Promise<Record<Channel, ChannelTransport>>;
}

export interface DispatchDeps {
  db: Db;
  /** Luna's shared transports (the environment's); a clinic with its own sender is resolved through `senders`. */
  transports: Record<Channel, ChannelTransport>;
  /** Per-clinic senders; absent: every clinic sends through `transports`. */
  senders?: ClinicSenders;
  now?: () => Date;
  /**
   * A hard cap on attempts (default 50). Retryable failures are otherwise retried against the
   * message's own deadline (engine/timing.ts), then handed to the next channel.
   */
  maxAttempts?: number;
  /** This worker's id in `lease_owner` (default: one per process, lease.ts). */
  workerId?: string;
  /** How long a claim lasts without renewal (default DISPATCH_LEASE_MS, else 60 s). */
  leaseMs?: number;
  /** Paces sends per sender, shared by every process (engine/pacer.ts); absent: not paced. */
  pacer?: Pacer;
  /** How old a context the sweep loaded for a claimed batch may be when its row is processed (default 2 s, sweep.ts). */
  contextMaxAgeMs?: number;
  /** Back-off before attempt n+1 (default 30 s × 2^(n-1), capped at 30 min, ±20 % jitter). */
  backoffMs?: (attempt: number) => number;
}

/** `held`: put back until the clinic's quiet hours end. */
export type DispatchOutcome = "sent" | "skipped" | "cancelled" | "retry" | "failed" | "not_claimed" | "held";

export function defaultBackoffMs(attempt: number) {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 30 * 60_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export const nowOf = (deps: DispatchDeps) => (deps.now ? deps.now() : new Date());

/** The transport for one delivery: its clinic's own sender when the deps resolve them, else the shared one. */
export async function transportOf(
  deps: Pick<DispatchDeps, "transports" | "senders">,
  delivery: { clinicId: string; channel: Channel },
): Promise<ChannelTransport> {
  if (!deps.senders || delivery.channel === "email") return deps.transports[delivery.channel];
  return (await deps.senders.transportsFor(delivery.clinicId))[delivery.channel];
}
