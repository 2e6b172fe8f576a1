import type { Channel, Delivery } from "@/db/schema";
import type { NewDelivery } from "../insert-deliveries";

/**
 * What a delivery was planned with, as opposed to what sending filled in: a link message's link (id, URL,
 * days) and the doctor it names. `variables` also holds the filled WhatsApp values once a row was sent;
 * those belong to that send and are not copied.
 */
const PLANNED_VARIABLES = ["linkId", "linkUrl", "linkDays", "doctorName"] as const;

function plannedVariablesOf(delivery: Pick<Delivery, "variables">): Record<string, string> {
  const variables = delivery.variables ?? {};
  return Object.fromEntries(PLANNED_VARIABLES.filter((key) => variables[key] !== undefined).map((key) => [key, variables[key]]));
}

/**
 * The one way a delivery is copied: a same-channel retry (retry-later.ts) and a fallback on the next
 * channel (fallback.ts) are the same message again, so they carry everything it was planned with (its
 * subject — patient, appointment and version — and what it was planned with, e.g. a link), chained to it
 * by `fallback_of_id`. Only the channel, the time and the idempotency key change.
 */
export function cloneDelivery(delivery: Delivery, params: { channel: Channel; sendAt: Date; idempotencyKey: string }): NewDelivery {
  return {
    clinicId: delivery.clinicId,
    patientId: delivery.patientId,
    appointmentId: delivery.appointmentId,
    appointmentVersion: delivery.appointmentVersion,
    notificationType: delivery.notificationType,
    channel: params.channel,
    locale: delivery.locale,
    templateKey: delivery.templateKey,
    variables: plannedVariablesOf(delivery),
    sendAt: params.sendAt,
    fallbackOfId: delivery.id,
    idempotencyKey: params.idempotencyKey,
  };
}
