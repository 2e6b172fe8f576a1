import { index, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { users } from "./users";
import { appointments } from "./appointments";
import { formRequestStatusEnum, formRequestTriggerEnum } from "./enums";

/** The intake form's answers as the patient last saved them (validated by lib/forms/schemas.ts). */
export interface IntakeAnswers {
  dateOfBirth: string;
  allergies: string;
  medications: string;
  conditions: string;
  emergencyContactName: string;
  /** E.164. */
  emergencyContactPhone: string;
  consent: true;
}

/**
 * An intake form sent to a patient: sent → opened → completed. The answers live here, with when they
 * were first submitted and last changed; the patient may change them while the link is valid.
 */
export const formRequests = pgTable(
  "form_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    status: formRequestStatusEnum().notNull().default("sent"),
    /** Sent by hand from the chart, or with the confirmation of a first visit. */
    trigger: formRequestTriggerEnum().notNull(),
    appointmentId: uuid().references(() => appointments.id),
    sentById: uuid().references(() => users.id),
    answers: jsonb().$type<IntakeAnswers>(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    openedAt: timestamp({ withTimezone: true }),
    submittedAt: timestamp({ withTimezone: true }),
    answersUpdatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("form_requests_clinic_patient_idx").on(t.clinicId, t.patientId, t.sentAt)],
);

export type FormRequest = typeof formRequests.$inferSelect;
