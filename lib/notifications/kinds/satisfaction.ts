import { z } from "zod";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { reachVerdict } from "../reach";
import { appointmentKind, type AppointmentSubject } from "./appointment";
import { defineKind, plainTemplateKey } from "./types";

/** The question is worth asking for this long after it was due (a day later the visit is a memory). */
export const SATISFACTION_SEND_WINDOW_MS = 24 * 3_600_000;

/**
 * The post-visit satisfaction question (`satisfaction_survey`: "¿Cómo fue tu visita con la Dra. López?
 * Responde del 1 al 5", with five quick replies `csat_<n>:<appointmentId>`). Optional per clinic and off by
 * default (its registry row starts with every channel off); planned when staff mark a visit attended
 * (lib/notifications/plan-satisfaction-survey.ts). The subject is the visit, read as the visit's own messages
 * read it: it is wanted only while the visit stays attended and unanswered. Email replies are not read, so
 * it goes by WhatsApp or SMS only.
 */
export const satisfactionKind = defineKind<AppointmentSubject, Record<string, never>>({
  id: "satisfaction",
  subjectType: "appointment",
  payloadSchema: z.object({}).transform(() => ({}) as Record<string, never>),
  missingSubjectReason: "appointment_missing",
  // The same visits, loaded the same way (clinic-scoped), as the visit's other messages.
  loadSubjects: (db, keys) => appointmentKind.loadSubjects(db, keys),

  decide({ delivery, subject, patient, settings, now }) {
    // Marked a no-show (or cancelled) since: nothing to ask about.
    if (subject.status !== "completed") return { send: false, status: "cancelled", reason: "visit_not_attended" };
    if (subject.satisfactionScore !== null) return { send: false, status: "cancelled", reason: "already_answered" };
    if (delivery.channel === "email") return { send: false, status: "skipped", reason: "no_reply_channel" };
    return reachVerdict({ type: delivery.notificationType, channel: delivery.channel, patient, settings, now });
  },

  deadline: ({ delivery }) => new Date(delivery.sendAt.getTime() + SATISFACTION_SEND_WINDOW_MS),
  // Never urgent: quiet hours hold it until morning.
  urgent: () => false,
  // WhatsApp → SMS (email is skipped in decide).
  fallsBack: true,
  templateVariants: ["in_person"],
  templateKey: plainTemplateKey,

  templateValues({ subject, patient, clinic, locale, now }) {
    return {
      variant: "in_person",
      vars: {
        firstName: patient.firstName,
        doctorName: doctorPhrase({ name: subject.doctorName, title: subject.doctorTitle }, locale),
        clinicName: clinic.name,
        startsAt: subject.startsAt,
        timeZone: clinic.timezone,
        now,
        // The visit a tap on "5 · Excelente" … "1 · Muy mala" rates.
        replyTo: subject.id,
      },
    };
  },

  forecastSubject: () => null,
});
