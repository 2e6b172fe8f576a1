import { TZDate } from "@date-fns/tz";
import { addDays, addWeeks, startOfWeek } from "date-fns";

/**
 * The one module that converts between instants and a clinic's wall clock (via @date-fns/tz, which
 * uses the platform's IANA data). Everything here takes `now` and the zone explicitly.
 */

/** The instant at a wall-clock time in a zone, e.g. 10:00 on 2026-03-15 in America/Mexico_City. */
export function zonedDateTime(timeZone: string, parts: { year: number; month: number; day: number; hour: number; minute?: number }): Date {
  return new Date(new TZDate(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute ?? 0, timeZone).getTime());
}

/** The calendar date (year, month 1–12, day, weekday 0=Sunday) of an instant in a zone. */
export function zonedCalendarDate(instant: Date, timeZone: string) {
  const local = new TZDate(instant.getTime(), timeZone);
  return { year: local.getFullYear(), month: local.getMonth() + 1, day: local.getDate(), weekday: local.getDay() };
}

/** The calendar date `days` after the one containing `instant`, in the zone. */
export function zonedCalendarDatePlusDays(instant: Date, timeZone: string, days: number) {
  return zonedCalendarDate(addDays(new TZDate(instant.getTime(), timeZone), days), timeZone);
}

/** The clinic's weeks start on Monday (the calendar's week view and the home page's "this week" agree on it). */
export const WEEK_STARTS_ON = 1;

/**
 * The calendar week containing `now` on the clinic's wall clock: [from, to) from Monday 00:00 to the next
 * Monday 00:00 in the zone (a week that crosses a DST change is an hour shorter or longer), and its first
 * day as "YYYY-MM-DD" for the calendar's `?date=`.
 */
export function zonedCalendarWeek(now: Date, timeZone: string) {
  const start = startOfWeek(new TZDate(now.getTime(), timeZone), { weekStartsOn: WEEK_STARTS_ON });
  const end = addWeeks(start, 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    from: new Date(start.getTime()),
    to: new Date(end.getTime()),
    firstDay: `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`,
  };
}

/** Formats an instant for staff screens in the clinic's zone and the UI locale. */
export function formatDateTime(instant: Date, params: { locale: string; timeZone: string }) {
  return new Intl.DateTimeFormat(params.locale === "en" ? "en-US" : "es-MX", {
    timeZone: params.timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(instant);
}

/** An instant as a datetime-local input value ("2026-11-28T10:00") on the clinic's wall clock. */
export function toZonedInputValue(instant: Date, timeZone: string) {
  const local = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
}
