import type { Locale } from "@/db/schema";
import type { NotificationType } from "../registry";

/**
 * Email subjects: the clinic and what happened, never the patient's name or anything medical (a subject
 * shows on lock screens and in shared inboxes).
 */
const SUBJECTS: Record<NotificationType, Record<Locale, (clinicName: string) => string>> = {
  booking_confirmation: {
    es: (clinic) => `Tu cita en ${clinic} está confirmada`,
    en: (clinic) => `Your appointment at ${clinic} is confirmed`,
  },
  reminder: {
    es: (clinic) => `Recordatorio de tu cita en ${clinic}`,
    en: (clinic) => `Reminder of your appointment at ${clinic}`,
  },
  reminder_1h: {
    es: (clinic) => `Tu cita en ${clinic} es en breve`,
    en: (clinic) => `Your appointment at ${clinic} is coming up soon`,
  },
  reschedule: {
    es: (clinic) => `Tu cita en ${clinic} cambió de fecha`,
    en: (clinic) => `Your appointment at ${clinic} has been rescheduled`,
  },
  cancellation: {
    es: (clinic) => `Tu cita en ${clinic} fue cancelada`,
    en: (clinic) => `Your appointment at ${clinic} has been cancelled`,
  },
  opt_out_confirmation: {
    es: (clinic) => `Ya no recibirás mensajes de ${clinic}`,
    en: (clinic) => `You will no longer receive messages from ${clinic}`,
  },
  opt_in_confirmation: {
    es: (clinic) => `Volverás a recibir avisos de ${clinic}`,
    en: (clinic) => `You will receive notices from ${clinic} again`,
  },
  // Shown on lock screens: says a document is waiting, not what it is.
  lab_result_ready: {
    es: (clinic) => `Tienes un documento nuevo de ${clinic}`,
    en: (clinic) => `You have a new document from ${clinic}`,
  },
  prescription_ready: {
    es: (clinic) => `Tu receta de ${clinic} está lista`,
    en: (clinic) => `Your prescription from ${clinic} is ready`,
  },
  intake_form: {
    es: (clinic) => `${clinic} te pide llenar un formulario`,
    en: (clinic) => `${clinic} asks you to fill in a form`,
  },
  care_instructions_ready: {
    es: (clinic) => `Tus indicaciones de ${clinic} están listas`,
    en: (clinic) => `Your care instructions from ${clinic} are ready`,
  },
  // The clinic and that a payment is asked for: never the amount's reason (a lock screen shows it).
  payment_request: {
    es: (clinic) => `Tu pago pendiente en ${clinic}`,
    en: (clinic) => `Your pending payment at ${clinic}`,
  },
  payment_reminder: {
    es: (clinic) => `Recordatorio de tu pago pendiente en ${clinic}`,
    en: (clinic) => `Reminder of your pending payment at ${clinic}`,
  },
  slot_offer: {
    es: (clinic) => `Se liberó un espacio en ${clinic}`,
    en: (clinic) => `A slot opened up at ${clinic}`,
  },
  slot_offer_taken: {
    es: (clinic) => `El espacio en ${clinic} ya se ocupó`,
    en: (clinic) => `The slot at ${clinic} has been taken`,
  },
  satisfaction_survey: {
    es: (clinic) => `¿Cómo fue tu visita a ${clinic}?`,
    en: (clinic) => `How was your visit to ${clinic}?`,
  },
  campaign_flu_vaccination: {
    es: (clinic) => `Vacunación contra la influenza en ${clinic}`,
    en: (clinic) => `Flu vaccination at ${clinic}`,
  },
  campaign_annual_checkup: {
    es: (clinic) => `Tu revisión anual en ${clinic}`,
    en: (clinic) => `Your annual check-up at ${clinic}`,
  },
  campaign_recall: {
    es: (clinic) => `${clinic} te espera`,
    en: (clinic) => `${clinic} would be glad to see you`,
  },
  campaign_announcement: {
    es: (clinic) => `Novedades de ${clinic}`,
    en: (clinic) => `News from ${clinic}`,
  },
};

export function emailSubject(params: { type: NotificationType; locale: Locale; clinicName: string }) {
  return SUBJECTS[params.type][params.locale](params.clinicName);
}

const FOOTER: Record<Locale, (clinicName: string) => string> = {
  es: (clinic) => `Este es un mensaje automático de ${clinic}.`,
  en: (clinic) => `This is an automated message from ${clinic}.`,
};

export function emailFooter(params: { locale: Locale; clinicName: string }) {
  return FOOTER[params.locale](params.clinicName);
}

/** The button of a patient-link email (it opens /l/<token>, which asks nothing but shows the document). */
export const LINK_BUTTON_LABEL: Record<Locale, string> = {
  es: "Abrir enlace seguro",
  en: "Open secure link",
};

/** The address block of an in-person visit's email. */
export const PLACE_LABELS: Record<Locale, { label: string; directions: string }> = {
  es: { label: "Dirección", directions: "Cómo llegar" },
  en: { label: "Address", directions: "Get directions" },
};

export const VIDEO_BUTTON_LABEL: Record<Locale, string> = {
  es: "Entrar a la videoconsulta",
  en: "Join the video visit",
};
