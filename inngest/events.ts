import { eventType } from "inngest";
import { z } from "zod";

/** A pending delivery's timer: sleep until `sendAt` (its next attempt time), then dispatch it. */
export const deliveryScheduledSchema = z.object({
  deliveryId: z.uuid(),
  appointmentId: z.uuid().nullable(),
  sendAt: z.iso.datetime({ offset: true }),
});
export type DeliveryScheduledData = z.infer<typeof deliveryScheduledSchema>;

/** An appointment was rescheduled or cancelled: its sleeping timers stop (`cancelOn`). */
export const appointmentChangedSchema = z.object({
  appointmentId: z.uuid(),
});
export type AppointmentChangedData = z.infer<typeof appointmentChangedSchema>;

export const deliveryScheduled = eventType("luna/delivery.scheduled", { schema: deliveryScheduledSchema });
export const appointmentChanged = eventType("luna/appointment.changed", { schema: appointmentChangedSchema });

/**
 * The event for one delivery. Its id is the delivery id, so Inngest drops a repeat of it (within
 * its dedupe window) and the function's idempotency key does the same for runs.
 */
export function deliveryScheduledEvent(delivery: { id: string; appointmentId: string | null; nextAttemptAt: Date | string }) {
  return deliveryScheduled.create(
    { deliveryId: delivery.id, appointmentId: delivery.appointmentId, sendAt: new Date(delivery.nextAttemptAt).toISOString() },
    { id: delivery.id },
  );
}
