import type { Db } from "@/db/client";
import type { DeliverySubjectType, NotificationType } from "@/db/schema/enums";
import { deliveries, deliveryEvents, type Delivery } from "@/db/schema";

/** Rows a driver must learn about after the transaction commits. */
export interface ScheduledDelivery {
  id: string;
  /** What it is about: a change of it stops the delivery's timer (Inngest `cancelOn`). */
  subjectType: DeliverySubjectType;
  subjectId: string;
  appointmentId: string | null;
  notificationType: NotificationType;
  channel: Delivery["channel"];
  nextAttemptAt: Date;
}

export type NewDelivery = Omit<typeof deliveries.$inferInsert, "nextAttemptAt" | "createdAt" | "updatedAt" | "status">;

/**
 * The one way a message gets planned: inserts the rows (a repeated idempotency key inserts nothing) and a
 * "scheduled" event for each, due at its `sendAt`. Returns the rows actually inserted.
 */
export async function insertPlannedDeliveries(
  db: Db,
  params: { rows: NewDelivery[]; now: Date; eventPayload?: (row: Delivery) => unknown },
): Promise<Delivery[]> {
  if (params.rows.length === 0) return [];
  const inserted = await db
    .insert(deliveries)
    .values(params.rows.map((row) => ({ ...row, nextAttemptAt: row.sendAt, createdAt: params.now, updatedAt: params.now })))
    .onConflictDoNothing({ target: deliveries.idempotencyKey })
    .returning();
  if (inserted.length) {
    await db.insert(deliveryEvents).values(
      inserted.map((row) => ({
        deliveryId: row.id,
        clinicId: row.clinicId,
        status: "scheduled" as const,
        source: "system",
        payload: params.eventPayload?.(row) ?? null,
        occurredAt: params.now,
      })),
    );
  }
  return inserted;
}

export function toScheduledDelivery(row: Delivery): ScheduledDelivery {
  return {
    id: row.id,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    appointmentId: row.appointmentId,
    notificationType: row.notificationType,
    channel: row.channel,
    nextAttemptAt: row.nextAttemptAt,
  };
}
