import type { Delivery } from "@/db/schema";
import { errorMessage, log } from "@/lib/log";
import type { ClinicNotificationSettings } from "../settings";
import { fallBackUndeliveredTimeCritical } from "../fallback";
import { reconcileStaleDeliveries } from "../reconcile";
import { claimDueDeliveries, type SweepScope } from "./claim";
import { DEFAULT_LEASE_MS, PROCESS_WORKER_ID, renewLeases } from "./lease";
import { loadContexts, type DeliveryContext } from "./load-context";
import { processClaimedDelivery } from "./process-claimed";
import { recoverStuckDeliveries } from "./recover";
import { nowOf, type DispatchDeps, type DispatchOutcome } from "./types";

export interface SweepResult {
  claimed: number;
  outcomes: Partial<Record<DispatchOutcome, number>>;
  recovered: { recorded: number; requeued: number };
}

export interface SweepParams {
  /** Rows claimed per claim statement (default 100). */
  batchSize?: number;
  /** Deliveries in flight at once (default 8). */
  concurrency?: number;
  /** Claim statements per sweep (default 50): bounds one sweep. */
  maxBatches?: number;
  scope?: SweepScope;
}

/**
 * How old a batch-loaded context may be when its row is processed: older (a paced or slow batch), the row
 * reads its own, so a visit cancelled meanwhile is seen as before the batching.
 */
export const CONTEXT_MAX_AGE_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends every due row with a pool that keeps pulling: `concurrency` workers take claimed rows from a
 * local queue, and the queue is topped up by the next claim (under this worker's lease) as soon as it
 * runs low, while the others keep sending. A slow or hung provider call holds one worker, never the
 * batch (each call is bounded by the transport's timeout). The leases of every row this process holds
 * — queued or in flight — are renewed every third of the lease, so a slow live worker is never
 * mistaken for a dead one.
 */
async function dispatchDue(deps: DispatchDeps, params: SweepParams) {
  const owner = deps.workerId ?? PROCESS_WORKER_ID;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const batchSize = params.batchSize ?? 100;
  const concurrency = params.concurrency ?? 8;
  const maxBatches = params.maxBatches ?? 50;
  const maxAge = deps.contextMaxAgeMs ?? CONTEXT_MAX_AGE_MS;
  const outcomes: SweepResult["outcomes"] = {};
  const cache = new Map<string, Promise<ClinicNotificationSettings>>();
  const queue: Delivery[] = [];
  // Each claimed batch's contexts (recipients and subjects), read in a few queries for the whole batch,
  // with when they were read: a row that waited longer than CONTEXT_MAX_AGE_MS re-reads its own.
  const contexts = new Map<string, { context: DeliveryContext | null; at: number }>();
  const held = new Set<string>();
  let claimed = 0;
  let claims = 0;
  let exhausted = false;
  let refilling: Promise<void> | null = null;

  const renewal = setInterval(
    () => {
      renewLeases(deps.db, { owner, ids: [...held], now: nowOf(deps), leaseMs })
        .then((lost) => {
          // Taken over (this process was too slow to renew): drop what is still queued; the send stamp
          // stops any that is about to go out.
          // Rows finished since the renewal began are not lost; the others were taken over.
          const taken = lost.filter((id) => held.has(id));
          for (const id of taken) held.delete(id);
          if (taken.length) log.warn({ owner, lost: taken.length, code: "leases_lost" }, "rows taken over by another worker");
        })
        .catch((error) => log.warn({ owner, code: "lease_renewal_failed", err: errorMessage(error) }, "lease renewal failed; retrying"));
    },
    Math.max(250, Math.floor(leaseMs / 3)),
  );
  renewal.unref?.();

  async function refill() {
    if (claims >= maxBatches) {
      exhausted = true;
      return;
    }
    const skipChannels = deps.pacer?.saturatedChannels() ?? [];
    try {
      const rows = await claimDueDeliveries(deps.db, {
        now: nowOf(deps),
        limit: batchSize,
        scope: params.scope,
        owner,
        leaseMs,
        skipChannels,
      });
      // A claim that found nothing while a paced-out channel waits is a pause, not a batch.
      if (rows.length > 0 || skipChannels.length === 0) claims++;
      claimed += rows.length;
      try {
        const loaded = await loadContexts(deps.db, rows);
        const at = performance.now();
        for (const [id, context] of loaded) contexts.set(id, { context, at });
      } catch (error) {
        // Each row then reads its own context when it is processed.
        log.warn({ owner, code: "context_batch_failed", err: errorMessage(error) }, "loading a batch's contexts failed");
      }
      for (const row of rows) {
        held.add(row.id);
        queue.push(row);
      }
      // Short of a full batch with every channel asked: nothing more is due. (A paced-out channel still
      // has rows; they are claimed once its sender has room.)
      if (rows.length < batchSize && skipChannels.length === 0) exhausted = true;
      else if (rows.length === 0) await sleep(100);
    } catch (error) {
      // The database is away: stop this sweep; rows held are recovered or renewed by the next.
      log.error({ owner, code: "claim_failed", err: errorMessage(error) }, "claiming due rows failed");
      exhausted = true;
    }
  }

  async function next(): Promise<Delivery | null> {
    for (;;) {
      if (!exhausted && queue.length <= concurrency) {
        refilling ??= refill().finally(() => {
          refilling = null;
        });
      }
      const row = queue.shift();
      if (row) {
        if (held.has(row.id)) return row;
        contexts.delete(row.id);
        continue;
      }
      if (refilling) await refilling;
      else if (exhausted) return null;
    }
  }

  async function worker() {
    for (let row = await next(); row; row = await next()) {
      try {
        const preloaded = contexts.get(row.id);
        const fresh = preloaded && performance.now() - preloaded.at <= maxAge ? preloaded.context : undefined;
        const outcome = await processClaimedDelivery(deps, row, cache, fresh);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        // Not recorded (the database went away mid-send): the lease lapses and recovery asks the provider.
        log.error({ deliveryId: row.id, code: "dispatch_failed", err: errorMessage(error) }, "delivery left to recovery");
      } finally {
        held.delete(row.id);
        contexts.delete(row.id);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(renewal);
  }
  return { claimed, outcomes };
}

/**
 * The due-sweep both drivers run: recover rows whose lease ran out, plan time-critical fallbacks,
 * reconcile stale statuses, then send everything due (or until `maxBatches` claims).
 */
export async function runSweep(deps: DispatchDeps, params: SweepParams = {}): Promise<SweepResult> {
  const recovered = await recoverStuckDeliveries(deps, { scope: params.scope });
  await fallBackUndeliveredTimeCritical(deps.db, { now: nowOf(deps), clinicIds: params.scope?.clinicIds });
  // Callbacks are never re-sent: ask Twilio about messages left without a final status (before the
  // claims, so fallbacks it plans go out in this same sweep).
  await reconcileStaleDeliveries(deps, { now: nowOf(deps), clinicIds: params.scope?.clinicIds });
  const { claimed, outcomes } = await dispatchDue(deps, params);
  return { claimed, outcomes, recovered };
}
