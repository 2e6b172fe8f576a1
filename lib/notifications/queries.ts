import { and, asc, eq, gt, lt, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, type Channel } from "@/db/schema";
import type { DeliverySubjectType } from "@/db/schema/enums";

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The longest a durable timer may sleep (Inngest's free plan caps `step.sleepUntil` at 7 days).
 * A delivery due further out gets its timer from the daily hand-over when it comes within reach.
 */
export const SLEEP_HORIZON_MS = 7 * DAY_MS;

/**
 * How far before the horizon the daily hand-over looks: one day between runs plus an hour of margin
 * for a late or slow run. A delivery in the overlap may be handed over twice; the per-delivery
 * timer is idempotent on the delivery id and the claim in `dispatchDelivery` is atomic, so a second
 * timer finds nothing to send.
 */
export const HAND_OVER_WINDOW_MS = DAY_MS + HOUR_MS;

/** Whether a timer started `now` can sleep until `at` (a time already past counts: it fires at once). */
export function isWithinSleepHorizon(at: Date, now: Date, horizonMs: number = SLEEP_HORIZON_MS) {
  return at.getTime() - now.getTime() <= horizonMs;
}

export interface DeliveryEnteringHorizon {
  id: string;
  subjectType: DeliverySubjectType;
  subjectId: string;
  appointmentId: string | null;
  channel: Channel;
  nextAttemptAt: Date;
}

/**
 * Pending deliveries that have just come within the sleep horizon and got no timer when they were
 * written (they were planned more than a horizon ahead): status `scheduled`, due in
 * (now + horizon − window, now + horizon], created more than a horizon before they are due.
 *
 * Across all clinics on purpose — a system job like the due-sweep — and it returns ids and times
 * only, nothing about the patient. Deliveries it misses (a day the job did not run, more than
 * `limit`) still go out on time: the every-minute sweep dispatches whatever is due.
 */
export async function listDeliveriesEnteringSleepHorizon(
  db: Db,
  params: { now: Date; horizonMs?: number; windowMs?: number; limit?: number },
): Promise<DeliveryEnteringHorizon[]> {
  const horizonMs = params.horizonMs ?? SLEEP_HORIZON_MS;
  const windowMs = params.windowMs ?? HAND_OVER_WINDOW_MS;
  const until = new Date(params.now.getTime() + horizonMs);
  const after = new Date(until.getTime() - windowMs);
  return db
    .select({
      id: deliveries.id,
      subjectType: deliveries.subjectType,
      subjectId: deliveries.subjectId,
      appointmentId: deliveries.appointmentId,
      channel: deliveries.channel,
      nextAttemptAt: deliveries.nextAttemptAt,
    })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, "scheduled"),
        gt(deliveries.nextAttemptAt, after),
        lte(deliveries.nextAttemptAt, until),
        // Planned beyond the horizon: the writer's notification sent no event for it.
        lt(deliveries.createdAt, sql`${deliveries.nextAttemptAt} - (${horizonMs}::float8 * interval '1 millisecond')`),
      ),
    )
    .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
    .limit(params.limit ?? 5_000);
}
