import { eventType } from "inngest";
import { z } from "zod";
import { channelEnum } from "@/db/schema";

const channel = z.enum(channelEnum.enumValues);

/** A pending delivery's timer: sleep until `sendAt` (its next attempt time), then dispatch it. */
export const deliveryScheduledSchema = z.object({
  deliveryId: z.uuid(),
  appointmentId: z.uuid().nullable(),
  /** The row's channel: its sender is looked up when the message falls due. */
  channel,
  sendAt: z.iso.datetime({ offset: true }),
});
export type DeliveryScheduledData = z.infer<typeof deliveryScheduledSchema>;

/** An appointment was rescheduled or cancelled: its sleeping timers stop (`cancelOn`). */
export const appointmentChangedSchema = z.object({
  appointmentId: z.uuid(),
});
export type AppointmentChangedData = z.infer<typeof appointmentChangedSchema>;

/**
 * A delivery fell due: the send function of its channel dispatches it, throttled per `sender` (the
 * pacing key of lib/notifications/engine/pacing.ts: "whatsapp:+52…", "sms:MG…", "email:clinic.mx").
 */
export const deliveryDueSchema = z.object({
  deliveryId: z.uuid(),
  channel,
  sender: z.string().min(1),
});
export type DeliveryDueData = z.infer<typeof deliveryDueSchema>;

export const deliveryScheduled = eventType("luna/delivery.scheduled", { schema: deliveryScheduledSchema });
export const appointmentChanged = eventType("luna/appointment.changed", { schema: appointmentChangedSchema });
export const deliveryDue = eventType("luna/delivery.due", { schema: deliveryDueSchema });

/**
 * The event for one delivery. Its id is the delivery id, so Inngest drops a repeat of it (within
 * its dedupe window) and the function's idempotency key does the same for runs.
 */
export function deliveryScheduledEvent(delivery: {
  id: string;
  appointmentId: string | null;
  channel: DeliveryScheduledData["channel"];
  nextAttemptAt: Date | string;
}) {
  return deliveryScheduled.create(
    {
      deliveryId: delivery.id,
      appointmentId: delivery.appointmentId,
      channel: delivery.channel,
      sendAt: new Date(delivery.nextAttemptAt).toISOString(),
    },
    { id: delivery.id },
  );
}

/** The due event of one delivery; its id makes a replayed timer hand the delivery over once. */
export function deliveryDueEvent(data: DeliveryDueData) {
  return deliveryDue.create(data, { id: `due-${data.deliveryId}` });
}
