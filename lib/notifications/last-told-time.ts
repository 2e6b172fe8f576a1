import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries } from "@/db/schema";

/** Statuses of a message the patient may have read: handed to the provider or further. */
const WENT_OUT = ["sending", "queued", "sent", "delivered", "read"] as const;

/**
 * The visit's start as the patient last heard it: the time named by the newest confirmation, reschedule
 * notice or reminder of the visit that went out (its payload's `startsAt`). Null when nothing went out, or
 * when that message predates the payload field (the caller then names the visit's current time).
 */
export async function lastToldStartsAt(db: Db, params: { clinicId: string; appointmentId: string }): Promise<Date | null> {
  const [row] = await db
    .select({ payload: deliveries.payload })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.clinicId, params.clinicId),
        eq(deliveries.appointmentId, params.appointmentId),
        inArray(deliveries.notificationType, ["booking_confirmation", "reschedule", "reminder", "reminder_1h"]),
        inArray(deliveries.status, [...WENT_OUT]),
      ),
    )
    .orderBy(desc(sql`coalesce(${deliveries.lastAttemptAt}, ${deliveries.sendAt})`), desc(deliveries.sendAt))
    .limit(1);
  return row?.payload.startsAt ? new Date(row.payload.startsAt) : null;
}
