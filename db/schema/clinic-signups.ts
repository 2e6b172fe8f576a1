import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { localeEnum } from "./enums";

/**
 * A clinic sign-up waiting for its email to be confirmed (lib/onboarding). Nothing exists in clinics or
 * users until the single-use link is used: then the clinic, its admin and its defaults are made in one
 * transaction. An unconfirmed address therefore holds nothing (another sign-up with it is not blocked) and
 * no account can sign in before its email is confirmed. Only the SHA-256 of the 128-bit token is stored.
 */
export const clinicSignups = pgTable(
  "clinic_signups",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicName: text().notNull(),
    timezone: text().notNull(),
    currency: text().notNull(),
    adminName: text().notNull(),
    /** Lower-cased. */
    email: text().notNull(),
    passwordHash: text().notNull(),
    /** The language of the sign-up page: the admin's and the clinic's default. */
    locale: localeEnum().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    confirmedAt: timestamp({ withTimezone: true }),
    clinicId: uuid().references(() => clinics.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("clinic_signups_email_idx").on(t.email)],
);

export type ClinicSignup = typeof clinicSignups.$inferSelect;
