import type { Delivery } from "@/db/schema";
import type { OutboundMessage } from "../channels/types";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { renderMessage } from "../render-message";
import { NOTIFICATION_REGISTRY, type AppointmentVariant } from "../registry";
import type { DeliveryContext } from "./load-context";

export async function buildMessage(delivery: Delivery, context: DeliveryContext, now: Date): Promise<OutboundMessage> {
  const { appointment, patient, clinic } = context;
  const type = delivery.notificationType;
  if (!appointment && NOTIFICATION_REGISTRY[type]?.trigger === "appointment") {
    throw new Error(`delivery ${delivery.id} has no appointment to render`);
  }
  const locale = patient.preferredLocale;
  const link = delivery.payload ?? {};
  const rendered = await renderMessage({
    type,
    variant: (appointment?.kind ?? "in_person") as AppointmentVariant,
    locale,
    // A reply confirmation names only the patient and the clinic; the visit fields are not in its template.
    vars: {
      firstName: patient.firstName,
      // "el Dr. García" / "la Dra. López" (es), "Dr. López" (en); the clinic when no doctor is named.
      doctorName: appointment
        ? doctorPhrase({ name: appointment.doctorName, title: appointment.doctorTitle }, locale)
        : link.doctorName
          ? doctorPhrase({ name: link.doctorName, title: link.doctorTitle }, locale)
          : clinic.name,
      clinicName: clinic.name,
      // The time the message was planned to name (a cancellation: the one the patient last heard of).
      startsAt: link.startsAt ? new Date(link.startsAt) : (appointment?.startsAt ?? now),
      timeZone: clinic.timezone,
      now,
      videoUrl: appointment?.videoUrl ?? undefined,
      linkUrl: link.linkUrl,
      linkDays: link.linkDays,
    },
    withEmail: delivery.channel === "email",
  });
  return {
    deliveryId: delivery.id,
    channel: delivery.channel,
    to: delivery.channel === "email" ? (patient.email ?? "") : patient.phone,
    locale,
    templateKey: rendered.templateKey,
    text: rendered.text,
    contentVariables: rendered.contentVariables,
    email: "email" in rendered ? rendered.email : undefined,
  };
}
