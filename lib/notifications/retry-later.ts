import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, type Delivery } from "@/db/schema";
import { cloneDelivery } from "./engine/clone-delivery";
import { planFallback } from "./fallback";
import { insertPlannedDeliveries } from "./insert-deliveries";
import { MAX_RETRY_LATER, RETRY_LATER_MS } from "./provider-errors";

/**
 * How many same-channel retries precede this delivery, and the delivery the run started from:
 * follows `fallback_of_id` up while the parent is on the same channel (a fallback from another
 * channel starts a new run).
 */
export async function countRetryChain(db: Db, params: { delivery: Delivery }) {
  const { delivery } = params;
  let current = delivery;
  let retries = 0;
  // A run is at most MAX_RETRY_LATER + 1 long; the bound also stops a (corrupt) cycle.
  while (current.fallbackOfId && retries <= MAX_RETRY_LATER) {
    const [parent] = await db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.id, current.fallbackOfId), eq(deliveries.clinicId, delivery.clinicId)))
      .limit(1);
    if (!parent || parent.channel !== delivery.channel) break;
    retries++;
    current = parent;
  }
  return { retries, root: current };
}

/**
 * After a transient failure on the handset or carrier side (30003 unreachable handset, 30008 unknown
 * carrier error): the same message on the same channel again in RETRY_LATER_MS, chained to the failed
 * one by `fallback_of_id`, with the idempotency key `<first delivery's key>:retry:<n>` (so a repeated
 * callback plans nothing twice). After MAX_RETRY_LATER retries, the next channel instead
 * (`planFallback`). Returns the planned rows (none, one retry, or the fallback).
 */
export async function planRetryLater(db: Db, params: { delivery: Delivery; now: Date }): Promise<Delivery[]> {
  const { delivery, now } = params;
  const { retries, root } = await countRetryChain(db, { delivery });
  if (retries >= MAX_RETRY_LATER) {
    const fallback = await planFallback(db, { delivery, now });
    return fallback ? [fallback] : [];
  }
  const attempt = retries + 1;
  const sendAt = new Date(now.getTime() + RETRY_LATER_MS);
  return insertPlannedDeliveries(db, {
    now,
    eventPayload: () => ({ retryOf: delivery.id, attempt }),
    rows: [cloneDelivery(delivery, { channel: delivery.channel, sendAt, idempotencyKey: `${root.idempotencyKey}:retry:${attempt}` })],
  });
}
