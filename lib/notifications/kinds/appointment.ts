import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { appointments, users, type Appointment } from "@/db/schema";
import type { DoctorTitle } from "@/db/schema/enums";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { reachVerdict } from "../reach";
import { APPOINTMENT_VARIANTS, defineKind, subjectMapKey, variantTemplateKey } from "./types";

/** A visit as its messages read it: the appointment now, and its doctor's display name. */
export type AppointmentSubject = Appointment & { doctorName: string; doctorTitle: DoctorTitle | null };

/**
 * A visit's messages: the booking confirmation, the reminders, the reschedule and cancellation notices.
 * The subject is the appointment at the version the message was planned for. The payload may name the
 * start the message must say (ISO): for a cancellation, the time the patient last heard of.
 */
export type AppointmentPayload = { startsAt?: Date };

export const appointmentKind = defineKind<AppointmentSubject, AppointmentPayload>({
  id: "appointment",
  subjectType: "appointment",
  payloadSchema: z
    .object({ startsAt: z.iso.datetime({ offset: true }).optional() })
    .transform(({ startsAt }): AppointmentPayload => (startsAt ? { startsAt: new Date(startsAt) } : {})),
  missingSubjectReason: "appointment_missing",

  async loadSubjects(db, keys) {
    const subjects = new Map<string, AppointmentSubject>();
    if (keys.length === 0) return subjects;
    const ids = [...new Set(keys.map((k) => k.subjectId))];
    const clinicIds = [...new Set(keys.map((k) => k.clinicId))];
    const rows = await db
      .select({ appointment: appointments, doctorName: users.name, doctorTitle: users.title })
      .from(appointments)
      .leftJoin(users, eq(users.id, appointments.doctorId))
      .where(and(inArray(appointments.id, ids), inArray(appointments.clinicId, clinicIds)));
    for (const row of rows) {
      subjects.set(subjectMapKey({ clinicId: row.appointment.clinicId, subjectId: row.appointment.id }), {
        ...row.appointment,
        doctorName: row.doctorName ?? "",
        doctorTitle: row.doctorTitle ?? null,
      });
    }
    return subjects;
  },

  decide({ delivery, subject, patient, settings, now }) {
    if (delivery.notificationType === "cancellation") {
      // The notice of a cancellation is wanted only while the visit stays cancelled.
      if (subject.status !== "cancelled") return { send: false, status: "cancelled", reason: "appointment_not_cancelled" };
    } else {
      if (subject.status === "cancelled") return { send: false, status: "cancelled", reason: "appointment_cancelled" };
      // Planned for an older version of the visit (it was moved since): the new version has its own.
      if (delivery.subjectVersion !== subject.version) return { send: false, status: "cancelled", reason: "stale_version" };
      if (subject.startsAt.getTime() <= now.getTime()) return { send: false, status: "skipped", reason: "too_late" };
    }
    return reachVerdict({ type: delivery.notificationType, channel: delivery.channel, patient, settings, now });
  },

  // Everything about a visit (confirmation, reminders, reschedule and cancellation notices) is worth
  // sending until the visit starts.
  deadline: ({ subject }) => subject.startsAt,
  // The 1 h reminder is useless at 08:00.
  urgent: ({ delivery }) => delivery.notificationType === "reminder_1h",
  fallsBack: true,
  templateVariants: APPOINTMENT_VARIANTS,
  templateKey: variantTemplateKey,

  templateValues({ subject, payload, patient, clinic, locale, now }) {
    return {
      variant: subject.kind,
      vars: {
        firstName: patient.firstName,
        // "el Dr. García" / "la Dra. López" (es), "Dr. López" (en).
        doctorName: doctorPhrase({ name: subject.doctorName, title: subject.doctorTitle }, locale),
        clinicName: clinic.name,
        // The time the message was planned to name (a cancellation: the one the patient last heard of).
        startsAt: payload.startsAt ?? subject.startsAt,
        timeZone: clinic.timezone,
        now,
        videoUrl: subject.videoUrl ?? undefined,
        // The visit a tap on "Confirmo" / "Cancelar cita" answers.
        replyTo: subject.id,
        // Where the patient goes (in-person emails only: PLACE_TYPES).
        clinicAddress: clinic.address ?? null,
      },
    };
  },

  // The forecast reads the visit's status, version and start only.
  forecastSubject: ({ appointment }) =>
    appointment ? ({ ...appointment, doctorName: "", doctorTitle: null } as AppointmentSubject) : null,
});
