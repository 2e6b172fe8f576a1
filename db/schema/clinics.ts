import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { localeEnum } from "./enums";

export const clinics = pgTable(
  "clinics",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** IANA zone; every time a patient or staff member reads is shown in it. */
    timezone: text().notNull().default("America/Mexico_City"),
    defaultLocale: localeEnum().notNull().default("es"),
    /** ISO 4217; money is stored as integer minor units beside it. */
    currency: text().notNull().default("MXN"),
    /** E.164, shown to patients on link pages ("contact your clinic"). */
    phone: text(),
    /** The clinic's street address as patients would type it into a map (one line, free text). */
    address: text(),
    /** How long before a visit the reminder goes out (hours; one of REMINDER_LEAD_HOURS). */
    reminderLeadHours: integer().notNull().default(24),
    /** Base URL of the clinic's video rooms; a video visit's join link can be generated under it. */
    videoRoomBaseUrl: text(),
    /** Send the intake form with the booking confirmation of a patient's first visit. */
    intakeFormOnFirstVisit: boolean().notNull().default(false),
    /**
     * Quiet hours on the clinic's wall clock (lib/notifications/quiet-hours.ts): messages due inside
     * [start, end) are held until the end, except urgent ones. Minutes after midnight; start > end wraps
     * past midnight (the default 21:00–08:00).
     */
    quietHoursEnabled: boolean().notNull().default(true),
    quietHoursStartMinute: smallint()
      .notNull()
      .default(21 * 60),
    quietHoursEndMinute: smallint()
      .notNull()
      .default(8 * 60),
    /** A cancellation recorded less than this many hours before the start is a late cancellation (results). */
    lateCancelHours: smallint().notNull().default(24),
    /**
     * When set, a visit the patient had confirmed that nobody marked counts as attended this many hours
     * after it ended (computed when read, shown as recorded by the system). Null: off, the default.
     */
    autoAttendAfterHours: smallint(),
    /**
     * The clinic's own figures from before Luna, entered once in Settings (optional), for the results
     * dashboard to compare against: rates in basis points (1250 = 12.5 %), time to confirm in minutes.
     */
    baselineNoShowRateBp: integer(),
    baselineConfirmationRateBp: integer(),
    baselineTimeToConfirmMinutes: integer(),
    /** The free trial's end (sign-up sets it 14 days after the clinic is created); null for clinics made before sign-up. */
    trialEndsAt: timestamp({ withTimezone: true }),
    /** An admin hid the setup checklist on home (lib/onboarding). */
    setupChecklistDismissedAt: timestamp({ withTimezone: true }),
    /** An admin chose to stay on simulated messages for now: the checklist's WhatsApp step counts as done. */
    setupWhatsappSkippedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("clinics_late_cancel_hours", sql`${t.lateCancelHours} between 0 and 168`),
    check("clinics_auto_attend_hours", sql`${t.autoAttendAfterHours} is null or ${t.autoAttendAfterHours} between 1 and 168`),
    check(
      "clinics_baseline_rates",
      sql`coalesce(${t.baselineNoShowRateBp}, 0) between 0 and 10000 and coalesce(${t.baselineConfirmationRateBp}, 0) between 0 and 10000 and coalesce(${t.baselineTimeToConfirmMinutes}, 0) >= 0`,
    ),
    check(
      "clinics_quiet_hours_minutes",
      sql`${t.quietHoursStartMinute} between 0 and 1439 and ${t.quietHoursEndMinute} between 0 and 1439`,
    ),
  ],
);

export type Clinic = typeof clinics.$inferSelect;
