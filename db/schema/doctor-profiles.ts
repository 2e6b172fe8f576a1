import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { users } from "./users";

/** One working interval on a weekday, on the clinic's wall clock ("09:00"–"14:00"); weekday 0 = Sunday. */
export interface WorkingInterval {
  weekday: number;
  start: string;
  end: string;
}

/** Days off, both dates included ("2026-12-24" to "2026-12-26"), on the clinic's calendar. */
export interface TimeOff {
  from: string;
  to: string;
  reason: string | null;
}

/**
 * What the clinic says about a doctor beyond their account (users keeps the name and the title): a specialty,
 * working hours per weekday and time off (lib/staff/doctor-hours.ts). No row, or no intervals: the doctor's
 * hours are not set and the calendar treats every hour alike.
 */
export const doctorProfiles = pgTable(
  "doctor_profiles",
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    specialty: text(),
    workingHours: jsonb().$type<WorkingInterval[]>().notNull().default([]),
    timeOff: jsonb().$type<TimeOff[]>().notNull().default([]),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("doctor_profiles_clinic_idx").on(t.clinicId)],
);

export type DoctorProfile = typeof doctorProfiles.$inferSelect;
