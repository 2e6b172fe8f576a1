import type { Channel, Delivery } from "@/db/schema";
import type { NewDelivery } from "../insert-deliveries";

/**
 * The one way a delivery is copied: a same-channel retry (retry-later.ts) and a fallback on the next
 * channel (fallback.ts) are the same message again, so they carry everything it was planned with — its
 * subject (type, id, version), the patient and the payload (e.g. a link's URL) — chained to it by
 * `fallback_of_id`. Only the channel, the time and the idempotency key change; the filled WhatsApp values
 * (`variables`) belong to the earlier send and are not copied.
 */
export function cloneDelivery(delivery: Delivery, params: { channel: Channel; sendAt: Date; idempotencyKey: string }): NewDelivery {
  return {
    clinicId: delivery.clinicId,
    patientId: delivery.patientId,
    subjectType: delivery.subjectType,
    subjectId: delivery.subjectId,
    subjectVersion: delivery.subjectVersion,
    appointmentId: delivery.appointmentId,
    appointmentVersion: delivery.appointmentVersion,
    notificationType: delivery.notificationType,
    channel: params.channel,
    locale: delivery.locale,
    templateKey: delivery.templateKey,
    payload: delivery.payload,
    sendAt: params.sendAt,
    fallbackOfId: delivery.id,
    idempotencyKey: params.idempotencyKey,
  };
}
