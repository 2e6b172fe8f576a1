import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { users } from "./users";
import { secureLinkPurposeEnum } from "./enums";

/** Patient links (/l/{token}). Only the SHA-256 of the token is stored. */
export const secureLinks = pgTable(
  "secure_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    tokenHash: text().notNull().unique(),
    purpose: secureLinkPurposeEnum().notNull(),
    /** Id of the document, form request, invoice … the link opens. */
    targetId: uuid().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    openCount: integer().notNull().default(0),
    lastOpenedAt: timestamp({ withTimezone: true }),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("secure_links_clinic_patient_idx").on(t.clinicId, t.patientId)],
);

export type SecureLink = typeof secureLinks.$inferSelect;
