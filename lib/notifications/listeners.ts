import type { DomainEventOf, Listener } from "@/lib/domain-events/types";
import type { NotificationType } from "./registry";
import { cancelPendingAppointmentDeliveries, writeAppointmentDeliveries } from "./plan-appointment-change";
import { planLinkNotification } from "./plan-link-notification";
import { cancelPendingChargeDeliveries, planPaymentRequest } from "./plan-payment-request";
import { planReplyConfirmation } from "./plan-reply-confirmation";
import { planSatisfactionSurvey } from "./plan-satisfaction-survey";

/**
 * What notifications do when the domain changes (registered in lib/domain-events/listeners.ts). Each runs
 * in the change's transaction and returns the rows it planned; they reach the driver after commit.
 */

const appointmentSubject = (appointmentId: string) => ({ subjectType: "appointment" as const, subjectId: appointmentId });

/** A booking: its confirmation and reminders. */
export const planBookedAppointmentMessages: Listener<DomainEventOf<"appointment.booked">> = async (tx, event) =>
  writeAppointmentDeliveries(tx, { event: "booked", appointment: event.appointment, patient: event.patient, now: event.now });

/** A move: what the old version still had pending is cancelled; the notice and the new reminders are planned. */
export const planRescheduledAppointmentMessages: Listener<DomainEventOf<"appointment.rescheduled">> = async (tx, event) => {
  const { appointment, now } = event;
  await cancelPendingAppointmentDeliveries(tx, {
    clinicId: event.clinicId,
    appointmentId: appointment.id,
    beforeVersion: appointment.version,
    reason: "appointment_changed",
    now,
  });
  const written = await writeAppointmentDeliveries(tx, { event: "rescheduled", appointment, patient: event.patient, now });
  return { ...written, changedSubjects: [appointmentSubject(appointment.id)] };
};

/** A cancellation: every pending message is cancelled; the notice is planned unless the visit has begun. */
export const planCancelledAppointmentMessages: Listener<DomainEventOf<"appointment.cancelled">> = async (tx, event) => {
  const { appointment, now } = event;
  await cancelPendingAppointmentDeliveries(tx, {
    clinicId: event.clinicId,
    appointmentId: appointment.id,
    reason: "appointment_cancelled",
    now,
  });
  const written =
    appointment.startsAt.getTime() > now.getTime()
      ? await writeAppointmentDeliveries(tx, { event: "cancelled", appointment, patient: event.patient, now })
      : { scheduled: [], forecast: [] };
  return { ...written, changedSubjects: [appointmentSubject(appointment.id)] };
};

/** The message each link purpose sends (a `payment` link has none yet). */
const LINK_MESSAGE: Partial<Record<DomainEventOf<"link.shared">["link"]["purpose"], NotificationType>> = {
  lab_result: "lab_result_ready",
  prescription: "prescription_ready",
  form: "intake_form",
  care_plan: "care_instructions_ready",
};

/** A shared link: the message that hands it to the patient, on the first channel that reaches them. */
export const planLinkSharedMessage: Listener<DomainEventOf<"link.shared">> = async (tx, event) => {
  const type = LINK_MESSAGE[event.link.purpose];
  if (!type) return;
  const { planned } = await planLinkNotification(tx, {
    clinicId: event.clinicId,
    patientId: event.patientId,
    type,
    link: event.link,
    linkDays: event.linkDays,
    doctorName: event.doctorName,
    doctorTitle: event.doctorTitle,
    now: event.now,
  });
  return { scheduled: planned };
};

/** A STOP or START: its confirmation, on the channel the patient wrote on. */
export const planReplyConfirmationMessage: Listener<DomainEventOf<"reply.received">> = async (tx, event) => {
  if (event.intent !== "opt_out" && event.intent !== "opt_in") return;
  const scheduled = await planReplyConfirmation(tx, {
    clinicId: event.clinicId,
    patientId: event.patient.id,
    type: event.intent === "opt_out" ? "opt_out_confirmation" : "opt_in_confirmation",
    channel: event.channel,
    locale: event.patient.preferredLocale,
    messageSid: event.messageSid,
    now: event.now,
  });
  return { scheduled };
};

/** A payment link sent: the request now and the balance reminders on the clinic's schedule. */
export const planPaymentRequestMessages: Listener<DomainEventOf<"payment.requested">> = async (tx, event) => {
  const { scheduled, forecast } = await planPaymentRequest(tx, {
    clinicId: event.clinicId,
    patientId: event.patientId,
    chargeId: event.chargeId,
    dueDate: event.dueDate,
    link: event.link,
    now: event.now,
  });
  return { scheduled, forecast, changedSubjects: [{ subjectType: "charge", subjectId: event.chargeId }] };
};

/** A charge paid in full or voided: its pending request and reminders are cancelled at once. */
export const cancelSettledChargeMessages: Listener<DomainEventOf<"charge.settled">> = async (tx, event) => {
  const { cancelled, subject } = await cancelPendingChargeDeliveries(tx, {
    clinicId: event.clinicId,
    chargeId: event.chargeId,
    reason: event.reason,
    now: event.now,
  });
  return cancelled ? { changedSubjects: [subject] } : undefined;
};

/** A visit marked attended: the satisfaction question, when the clinic asks it (off by default). */
export const planSatisfactionSurveyMessage: Listener<DomainEventOf<"appointment.completed">> = async (tx, event) => {
  const scheduled = await planSatisfactionSurvey(tx, {
    clinicId: event.clinicId,
    appointment: event.appointment,
    patient: event.patient,
    now: event.now,
  });
  return scheduled.length ? { scheduled } : undefined;
};
