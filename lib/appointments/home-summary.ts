import type { Db } from "@/db/client";
import { zonedCalendarWeek } from "@/lib/dates";
import { countAppointmentsBetween, countPatients, listAppointmentsBetween } from "./queries";

/** The upcoming list on the home page: the next seven days from now. */
export const UPCOMING_DAYS = 7;

/**
 * What the home page counts, each with where it links: the clinic's patients (→ the patient list), the visits
 * of this calendar week on the clinic's clock, Monday to Sunday, cancelled ones left out (→ the calendar's week
 * view of that week, which shows the same visits), and the visits of the next seven days.
 */
export async function getHomeSummary(db: Db, params: { clinicId: string; timeZone: string; now: Date }) {
  const week = zonedCalendarWeek(params.now, params.timeZone);
  const [patientTotal, weekTotal, upcoming] = await Promise.all([
    countPatients(db, { clinicId: params.clinicId }),
    countAppointmentsBetween(db, { clinicId: params.clinicId, from: week.from, to: week.to }),
    listAppointmentsBetween(db, {
      clinicId: params.clinicId,
      from: params.now,
      to: new Date(params.now.getTime() + UPCOMING_DAYS * 24 * 60 * 60_000),
    }),
  ]);
  return { patientTotal, week: { ...week, total: weekTotal }, upcoming };
}
