import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { clinics } from "./clinics";
import { doctorTitleEnum, localeEnum, staffRoleEnum } from "./enums";

/** Clinic staff: admins, doctors and front desk. Patients never have accounts. */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    name: text().notNull(),
    /** Stored lower-cased; sign-in looks it up case-insensitively. */
    email: text().notNull(),
    passwordHash: text().notNull(),
    role: staffRoleEnum().notNull(),
    /**
     * A doctor's title (Dr./Dra.), the grammatical gender messages use ("con la Dra. López"); null: the
     * name is used as it is, with no article. lib/staff/doctor-phrase.ts turns it into words.
     */
    title: doctorTitleEnum(),
    locale: localeEnum().notNull().default("es"),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`), index("users_clinic_idx").on(t.clinicId)],
);

export type User = typeof users.$inferSelect;
