import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { users } from "./users";
import { appointments } from "./appointments";
import { documents } from "./documents";

/** One medication line of a prescription, as the doctor wrote it. */
export interface PrescriptionItem {
  medication: string;
  dose: string;
  frequency: string;
  duration: string;
}

/**
 * A prescription a doctor wrote. Its PDF is a document (kind prescription) the patient opens through a
 * secure link; the rows here are what the PDF was rendered from. Never in a message.
 */
export const prescriptions = pgTable(
  "prescriptions",
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
    appointmentId: uuid().references(() => appointments.id),
    items: jsonb().$type<PrescriptionItem[]>().notNull(),
    instructions: text(),
    /** The rendered PDF (documents.id). */
    documentId: uuid().references(() => documents.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("prescriptions_clinic_patient_idx").on(t.clinicId, t.patientId, t.createdAt)],
);

export type Prescription = typeof prescriptions.$inferSelect;
