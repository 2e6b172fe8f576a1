import type { Db } from "@/db/client";
import type { Delivery } from "@/db/schema";
import { finish } from "./record";

/** The error code a row carries while it waits out the clinic's quiet hours (the log shows "held until …"). */
export const QUIET_HOURS_CODE = "quiet_hours";

/**
 * Puts a claimed message back until the clinic's quiet hours end (engine/timing.ts decides). Not an
 * attempt: the claim's count is undone. The event records until when.
 */
export async function holdUntilQuietHoursEnd(db: Db, delivery: Delivery, params: { until: Date; now: Date }) {
  await finish(db, delivery, {
    status: "scheduled",
    now: params.now,
    errorCode: QUIET_HOURS_CODE,
    set: { nextAttemptAt: params.until, attempts: Math.max(0, delivery.attempts - 1) },
    payload: { heldUntil: params.until.toISOString() },
  });
}
