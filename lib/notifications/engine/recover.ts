import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, type Delivery } from "@/db/schema";
import { errorMessage, log } from "@/lib/log";
import type { OutboundMessage, SendResult } from "../channels/types";
import { buildMessage } from "./build-message";
import { inScope, type SweepScope } from "./claim";
import { DEFAULT_LEASE_MS, leaseExpiry, PROCESS_WORKER_ID } from "./lease";
import { kindOf } from "../registry";
import { loadContexts } from "./load-context";
import { finish, recordSent } from "./record";
import { nowOf, transportOf, type DispatchDeps } from "./types";

/**
 * Kept for callers that waited "long enough" for recovery: a claim now lasts the lease (lease.ts),
 * 60 s by default, renewed while its worker lives.
 */
export const STUCK_AFTER_MS = DEFAULT_LEASE_MS;

/** Takes over `sending` rows whose lease ran out, under this worker's lease, skipping rows another recoverer holds. */
async function claimExpired(db: Db, params: { now: Date; limit: number; owner: string; leaseMs: number; scope?: SweepScope }) {
  const at = params.now.toISOString();
  // Rows claimed before leases existed have none: their claim ends 5 minutes after the attempt, as it did.
  const expired = sql`coalesce(${deliveries.leaseExpiresAt}, ${deliveries.lastAttemptAt} + interval '5 minutes') < ${at}::timestamptz`;
  const candidates = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.status, "sending"), expired, ...inScope(params.scope)))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  return db
    .update(deliveries)
    .set({ leaseOwner: params.owner, leaseExpiresAt: leaseExpiry(params.now, params.leaseMs), updatedAt: params.now })
    .where(and(inArray(deliveries.id, candidates), eq(deliveries.status, "sending"), expired))
    .returning();
}

/**
 * Rows left in `sending` by a worker that died (or lost its database for longer than its lease): this
 * worker claims them, then asks the provider whether the message went out. If it did, it is recorded,
 * not sent again; otherwise the row goes back to `scheduled` with its send stamp kept, so the attempt
 * that sends it asks once more first.
 */
export async function recoverStuckDeliveries(deps: DispatchDeps, params: { limit?: number; scope?: SweepScope } = {}) {
  const { db } = deps;
  const now = nowOf(deps);
  const owner = deps.workerId ?? PROCESS_WORKER_ID;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const stuck = await claimExpired(db, { now, limit: params.limit ?? 100, owner, leaseMs, scope: params.scope });
  let recorded = 0;
  let requeued = 0;
  // What a lookup needs (the message as it would have been rendered), for every recovered row at once.
  const contexts = stuck.some((row) => deps.senders || deps.transports[row.channel].findSent)
    ? await loadContexts(db, stuck).catch(() => null)
    : null;
  for (const claimed of stuck) {
    const delivery: Delivery = { ...claimed, leaseOwner: owner };
    const transport = await transportOf(deps, delivery);
    let found: SendResult | null = null;
    let message: OutboundMessage | null = null;
    if (transport.findSent) {
      try {
        const context = contexts?.get(delivery.id);
        // The lookup matches the text as it would have been rendered (a row its kind no longer wants is
        // still asked about: it may have gone out before the change).
        const kind = kindOf(delivery.notificationType);
        const payload = kind?.payloadSchema.safeParse(delivery.payload ?? {});
        if (context && kind && payload?.success && context.subject !== null) {
          message = await buildMessage(delivery, context, { kind, payload: payload.data }, now);
          const since = new Date((delivery.sendStartedAt ?? delivery.lastAttemptAt ?? delivery.sendAt).getTime() - 60_000);
          found = await transport.findSent(message, since);
        }
      } catch (error) {
        // The provider could not be asked: re-queue with the stamp kept; the next attempt asks again before sending.
        log.warn(
          { deliveryId: delivery.id, code: "recovery_lookup_failed", err: errorMessage(error) },
          "recovery could not ask the provider",
        );
      }
    }
    if (found && message) {
      await recordSent(db, delivery, message, found, now, "recovery");
      recorded++;
    } else {
      await finish(db, delivery, {
        status: "scheduled",
        now,
        errorCode: "recovered_after_crash",
        set: { nextAttemptAt: now, sendStartedAt: delivery.sendStartedAt ?? delivery.lastAttemptAt },
      });
      requeued++;
    }
  }
  if (stuck.length > 0) log.info({ owner, recorded, requeued, code: "recovered" }, "recovered rows whose lease ran out");
  return { recorded, requeued };
}
