import { sql } from "drizzle-orm";
import { check, date, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { localeEnum, optOutSourceEnum, reachabilityEnum } from "./enums";

export const patients = pgTable(
  "patients",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    firstName: text().notNull(),
    lastName: text().notNull(),
    /**
     * Canonical E.164 (+52 and ten digits for Mexico). Null for a patient reached by email only (a patient
     * has a phone or an email, or both: `patients_phone_or_email`).
     */
    phone: text(),
    email: text(),
    preferredLocale: localeEnum().notNull().default("es"),
    /** From the intake form (YYYY-MM-DD): campaign segments by age. */
    birthDate: date({ mode: "string" }),
    /** Learned from delivery results: WhatsApp errors 63003/63024 set "no". */
    whatsappReachability: reachabilityEnum().notNull().default("unknown"),
    whatsappReachabilityCheckedAt: timestamp({ withTimezone: true }),
    /** The WhatsApp id the patient last wrote from (e.g. "5215512345678"), kept raw. */
    whatsappWaId: text(),
    /** Learned from SMS errors 30005/30006/21211/21614. */
    smsReachability: reachabilityEnum().notNull().default("unknown"),
    smsReachabilityCheckedAt: timestamp({ withTimezone: true }),
    /** A hard bounce: email is not tried again until staff change the address. */
    emailBouncedAt: timestamp({ withTimezone: true }),
    whatsappOptedOutAt: timestamp({ withTimezone: true }),
    whatsappOptOutSource: optOutSourceEnum(),
    smsOptedOutAt: timestamp({ withTimezone: true }),
    smsOptOutSource: optOutSourceEnum(),
    emailOptedOutAt: timestamp({ withTimezone: true }),
    emailOptOutSource: optOutSourceEnum(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("patients_clinic_phone_unique").on(t.clinicId, t.phone),
    check("patients_phone_or_email", sql`${t.phone} is not null or ${t.email} is not null`),
    index("patients_clinic_name_idx").on(t.clinicId, t.lastName, t.firstName),
  ],
);

export type Patient = typeof patients.$inferSelect;
