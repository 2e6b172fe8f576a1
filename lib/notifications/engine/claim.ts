import { and, asc, eq, inArray, lte, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, type Channel, type Delivery } from "@/db/schema";
import { DEFAULT_LEASE_MS, leaseExpiry, PROCESS_WORKER_ID } from "./lease";

/** Who claims and for how long (lease.ts). */
export interface ClaimLease {
  owner: string;
  leaseMs?: number;
}

const claimSet = (now: Date, lease: ClaimLease) => ({
  status: "sending" as const,
  attempts: sql`${deliveries.attempts} + 1`,
  lastAttemptAt: now,
  updatedAt: now,
  leaseOwner: lease.owner,
  leaseExpiresAt: leaseExpiry(now, lease.leaseMs ?? DEFAULT_LEASE_MS),
});

/** scheduled → sending under a lease, atomically, only when due: of two drivers, exactly one gets the row. */
export async function claimDelivery(db: Db, params: { deliveryId: string; now: Date } & Partial<ClaimLease>): Promise<Delivery | null> {
  const lease = { owner: params.owner ?? PROCESS_WORKER_ID, leaseMs: params.leaseMs };
  const [row] = await db
    .update(deliveries)
    .set(claimSet(params.now, lease))
    .where(and(eq(deliveries.id, params.deliveryId), eq(deliveries.status, "scheduled"), lte(deliveries.nextAttemptAt, params.now)))
    .returning();
  return row ?? null;
}

/** Limits a sweep to some clinics (tests and benchmarks share one database); drivers sweep all. */
export interface SweepScope {
  clinicIds?: string[];
}

export const inScope = (scope?: SweepScope) => (scope?.clinicIds ? [inArray(deliveries.clinicId, scope.clinicIds)] : []);

/**
 * Claims up to `limit` due rows under one lease, oldest due first; concurrent sweepers skip each
 * other's locked rows. `skipChannels`: channels whose sender is paced full right now.
 */
export async function claimDueDeliveries(
  db: Db,
  params: { now: Date; limit: number; scope?: SweepScope; skipChannels?: Channel[] } & Partial<ClaimLease>,
): Promise<Delivery[]> {
  const lease = { owner: params.owner ?? PROCESS_WORKER_ID, leaseMs: params.leaseMs };
  const skip = params.skipChannels?.length ? [notInArray(deliveries.channel, params.skipChannels)] : [];
  const due = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.status, "scheduled"), lte(deliveries.nextAttemptAt, params.now), ...skip, ...inScope(params.scope)))
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  return db
    .update(deliveries)
    .set(claimSet(params.now, lease))
    .where(and(inArray(deliveries.id, due), eq(deliveries.status, "scheduled")))
    .returning();
}
