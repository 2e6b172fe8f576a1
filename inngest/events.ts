import { eventType } from "inngest";
import { z } from "zod";
import { channelEnum } from "@/db/schema";
import { DELIVERY_SUBJECT_TYPES } from "@/db/schema/enums";

const channel = z.enum(channelEnum.enumValues);
/** What a delivery is about (deliveries.subject_type / subject_id): a visit, a patient link, the patient. */
const subjectType = z.enum(DELIVERY_SUBJECT_TYPES);

/** A pending delivery's timer: sleep until `sendAt` (its next attempt time), then dispatch it. */
export const deliveryScheduledSchema = z.object({
  deliveryId: z.uuid(),
  /** The delivery's subject: a change of it (`luna/subject.changed`) stops this timer. */
  subjectType,
  subjectId: z.uuid(),
  /** The row's channel: its sender is looked up when the message falls due. */
  channel,
  sendAt: z.iso.datetime({ offset: true }),
});
export type DeliveryScheduledData = z.infer<typeof deliveryScheduledSchema>;

/**
 * A subject changed (an appointment rescheduled or cancelled; later a link revoked, an invoice paid …):
 * the sleeping timers of its deliveries stop (`cancelOn`).
 */
export const subjectChangedSchema = z.object({
  subjectType,
  subjectId: z.uuid(),
});
export type SubjectChangedData = z.infer<typeof subjectChangedSchema>;

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
export const subjectChanged = eventType("luna/subject.changed", { schema: subjectChangedSchema });
export const deliveryDue = eventType("luna/delivery.due", { schema: deliveryDueSchema });

/**
 * The event for one delivery. Its id is the delivery id, so Inngest drops a repeat of it (within
 * its dedupe window) and the function's idempotency key does the same for runs.
 */
export function deliveryScheduledEvent(delivery: {
  id: string;
  subjectType: DeliveryScheduledData["subjectType"];
  subjectId: string;
  channel: DeliveryScheduledData["channel"];
  nextAttemptAt: Date | string;
}) {
  return deliveryScheduled.create(
    {
      deliveryId: delivery.id,
      subjectType: delivery.subjectType,
      subjectId: delivery.subjectId,
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
