import { randomBytes } from "node:crypto";
import os from "node:os";
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries } from "@/db/schema";

/**
 * Claims are leases. A worker that claims a row (status `sending`) writes its id and an expiry; while
 * it lives it renews the leases of the rows it holds, so a slow provider call never makes its row look
 * abandoned. A row whose lease ran out belongs to nobody and is recovered by any worker (recover.ts),
 * which claims it first: two processes never recover the same row.
 *
 * Right before a provider call the worker stamps the row (`markSendStarted`): that re-checks, in the
 * same statement, that the lease is still its own and unexpired, and records that a send began. The
 * stamp stays until a definite answer, so after a crash or an ambiguous answer the next attempt asks
 * the provider before sending again.
 */

/** Without renewal a claim lasts this long: a dead worker's rows are picked up within about this. */
export const DEFAULT_LEASE_MS = 60_000;

/** `host:pid:random`: one per process, in `lease_owner` (an id, nothing personal). */
export const PROCESS_WORKER_ID = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

export function leaseExpiry(now: Date, leaseMs: number) {
  return new Date(now.getTime() + leaseMs);
}

/** Extends the leases this worker still holds; returns the ids it no longer holds (finished or lost). */
export async function renewLeases(db: Db, params: { owner: string; ids: string[]; now: Date; leaseMs: number }): Promise<string[]> {
  if (params.ids.length === 0) return [];
  const renewed = await db
    .update(deliveries)
    .set({ leaseExpiresAt: leaseExpiry(params.now, params.leaseMs) })
    .where(and(inArray(deliveries.id, params.ids), eq(deliveries.status, "sending"), eq(deliveries.leaseOwner, params.owner)))
    .returning({ id: deliveries.id });
  const kept = new Set(renewed.map((r) => r.id));
  return params.ids.filter((id) => !kept.has(id));
}

/**
 * The last check before a provider call: the row is still `sending` under this worker's unexpired
 * lease (with `validForMs` to spare: the pacing wait that follows). Marks that a send began (kept from an earlier ambiguous attempt). False: the claim was lost,
 * do not send.
 */
export async function markSendStarted(
  db: Db,
  params: { deliveryId: string; owner: string; now: Date; /** The lease must last at least this much longer. */ validForMs?: number },
): Promise<boolean> {
  const rows = await db
    .update(deliveries)
    .set({ sendStartedAt: sql`coalesce(${deliveries.sendStartedAt}, ${params.now.toISOString()}::timestamptz)` })
    .where(
      and(
        eq(deliveries.id, params.deliveryId),
        eq(deliveries.status, "sending"),
        eq(deliveries.leaseOwner, params.owner),
        gt(deliveries.leaseExpiresAt, new Date(params.now.getTime() + (params.validForMs ?? 0))),
      ),
    )
    .returning({ id: deliveries.id });
  return rows.length === 1;
}
