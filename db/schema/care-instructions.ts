import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { users } from "./users";
import { appointments } from "./appointments";

/** Personalized instructions a doctor wrote after a visit; the patient reads them behind a secure link. */
export const careInstructions = pgTable(
  "care_instructions",
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
    /** The visit they follow, when written from an appointment. */
    appointmentId: uuid().references(() => appointments.id),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("care_instructions_clinic_patient_idx").on(t.clinicId, t.patientId, t.createdAt)],
);

export type CareInstruction = typeof careInstructions.$inferSelect;
