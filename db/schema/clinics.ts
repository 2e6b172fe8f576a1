import { boolean, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { localeEnum } from "./enums";

export const clinics = pgTable("clinics", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** IANA zone; every time a patient or staff member reads is shown in it. */
  timezone: text().notNull().default("America/Mexico_City"),
  defaultLocale: localeEnum().notNull().default("es"),
  /** ISO 4217; money is stored as integer minor units beside it. */
  currency: text().notNull().default("MXN"),
  /** E.164, shown to patients on link pages ("contact your clinic"). */
  phone: text(),
  /** How long before a visit the reminder goes out (hours; one of REMINDER_LEAD_HOURS). */
  reminderLeadHours: integer().notNull().default(24),
  /** Base URL of the clinic's video rooms; a video visit's join link can be generated under it. */
  videoRoomBaseUrl: text(),
  /** Send the intake form with the booking confirmation of a patient's first visit. */
  intakeFormOnFirstVisit: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type Clinic = typeof clinics.$inferSelect;
