import type { Delivery } from "@/db/schema";
import type { OutboundMessage } from "../channels/types";
import type { MessageKind } from "../kinds/types";
import { renderMessage } from "../render-message";
import { unsubscribeHeaders } from "../unsubscribe-link";
import type { DeliveryContext } from "./load-context";

/**
 * Renders a wanted delivery for its channel, in the patient's language and the clinic's zone, with the
 * values its kind supplies (`templateValues`) from its subject and parsed payload.
 */
export async function buildMessage(
  delivery: Delivery,
  context: DeliveryContext,
  wanted: { kind: MessageKind; payload: unknown },
  now: Date,
): Promise<OutboundMessage> {
  const { patient, clinic } = context;
  if (context.subject === null || context.subject === undefined) throw new Error(`delivery ${delivery.id} has no subject to render`);
  const locale = patient.preferredLocale;
  const { variant, vars } = wanted.kind.templateValues({ subject: context.subject, payload: wanted.payload, patient, clinic, locale, now });
  const rendered = await renderMessage({
    type: delivery.notificationType,
    variant,
    locale,
    vars,
    withEmail: delivery.channel === "email",
  });
  return {
    deliveryId: delivery.id,
    channel: delivery.channel,
    to: delivery.channel === "email" ? (patient.email ?? "") : (patient.phone ?? ""),
    locale,
    templateKey: rendered.templateKey,
    // SMS carries the line saying what to answer; WhatsApp has buttons for it (in the approved template).
    text: delivery.channel === "sms" ? rendered.smsText : rendered.text,
    contentVariables: rendered.contentVariables,
    email:
      "email" in rendered
        ? {
            ...rendered.email,
            ...(wanted.kind.oneClickUnsubscribe
              ? { headers: unsubscribeHeaders({ clinicId: delivery.clinicId, patientId: delivery.patientId, channel: "email" }) }
              : {}),
          }
        : undefined,
  };
}
