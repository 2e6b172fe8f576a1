import { planFirstVisitIntakeForm } from "@/lib/forms/listeners";
import {
  cancelSettledChargeMessages,
  planBookedAppointmentMessages,
  planCancelledAppointmentMessages,
  planLinkSharedMessage,
  planPaymentRequestMessages,
  planReplyConfirmationMessage,
  planRescheduledAppointmentMessages,
  planSatisfactionSurveyMessage,
} from "@/lib/notifications/listeners";
import { closeTakenOffers, offerCancelledSlot } from "@/lib/waitlist/offers";
import type { ListenerMap } from "./types";

/**
 * Every listener of every domain event, in the order they run (all in the change's transaction). A new
 * feature that reacts to a change (payments on a completed visit, the waitlist on a cancellation) adds its
 * listener here. Built on first use: features that publish events are imported by the listeners' modules.
 */
let map: ListenerMap | undefined;
export function registeredListeners(): ListenerMap {
  map ??= {
    "appointment.booked": [planBookedAppointmentMessages, planFirstVisitIntakeForm, closeTakenOffers],
    "appointment.rescheduled": [planRescheduledAppointmentMessages, closeTakenOffers],
    "appointment.cancelled": [planCancelledAppointmentMessages, offerCancelledSlot],
    "link.shared": [planLinkSharedMessage],
    "reply.received": [planReplyConfirmationMessage],
    "payment.requested": [planPaymentRequestMessages],
    "charge.settled": [cancelSettledChargeMessages],
    "appointment.completed": [planSatisfactionSurveyMessage],
  };
  return map;
}
