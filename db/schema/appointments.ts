import { check, index, integer, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { users } from "./users";
import { actorKindEnum, appointmentKindEnum, appointmentStatusEnum } from "./enums";

export const appointments = pgTable(
  "appointments",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    doctorId: uuid()
      .notNull()
      .references(() => users.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    kind: appointmentKindEnum().notNull().default("in_person"),
    videoUrl: text(),
    status: appointmentStatusEnum().notNull().default("scheduled"),
    /** Bumped on every reschedule; deliveries carry the version they were planned for. */
    version: integer().notNull().default(1),
    /** Staff-only. Never rendered into a patient message. */
    internalNotes: text(),
    confirmedAt: timestamp({ withTimezone: true }),
    confirmedBy: actorKindEnum(),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledBy: actorKindEnum(),
    /**
     * When and by whom a past visit's outcome (status completed = attended, or no_show) was recorded. A
     * cancellation is recorded by cancelledAt/By; whether it was late is the clinic's rule
     * (clinics.late_cancel_hours), applied when read (lib/results/outcomes.ts).
     */
    outcomeRecordedAt: timestamp({ withTimezone: true }),
    outcomeRecordedByUserId: uuid().references(() => users.id),
    /**
     * The patient's answer (1–5) to the post-visit satisfaction question (notification type
     * satisfaction_survey), and when it came: matched by lib/inbound/match-satisfaction-reply.ts.
     */
    satisfactionScore: smallint(),
    satisfactionAnsweredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("appointments_clinic_starts_idx").on(t.clinicId, t.startsAt),
    index("appointments_patient_idx").on(t.patientId),
    // Campaign segments: a patient's visits by time (last visit, upcoming, doctor, kind).
    index("appointments_clinic_patient_starts_idx").on(t.clinicId, t.patientId, t.startsAt),
    // The "to close" list: past visits nobody marked, per clinic, by end time.
    index("appointments_to_close_idx")
      .on(t.clinicId, t.endsAt)
      .where(sql`${t.status} in ('scheduled', 'confirmed')`),
    check("appointments_ends_after_starts", sql`${t.endsAt} > ${t.startsAt}`),
    check("appointments_video_has_url", sql`${t.kind} <> 'video' OR ${t.videoUrl} IS NOT NULL`),
    check("appointments_satisfaction_score_range", sql`${t.satisfactionScore} IS NULL OR ${t.satisfactionScore} BETWEEN 1 AND 5`),
  ],
);

export type Appointment = typeof appointments.$inferSelect;
