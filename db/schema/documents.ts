import { bigint, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { users } from "./users";
import { documentKindEnum } from "./enums";

/**
 * A patient's PDF (lab results, prescriptions). The file itself lives in the blob store (S3 or
 * `.data/blobs`) under `clinics/<clinicId>/patients/<patientId>/<kind>/<id>.pdf`; patients reach it only
 * through a secure link (secure_links.target_id = documents.id). Rows are never deleted.
 */
export const documents = pgTable(
  "documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    kind: documentKindEnum().notNull(),
    storageKey: text().notNull().unique(),
    sizeBytes: bigint({ mode: "number" }).notNull(),
    /** SHA-256 of the bytes, hex: what was stored is what is served. */
    sha256: text().notNull(),
    uploadedById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("documents_clinic_patient_idx").on(t.clinicId, t.patientId, t.createdAt)],
);

export type Document = typeof documents.$inferSelect;
