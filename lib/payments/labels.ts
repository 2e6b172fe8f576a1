import { zonedCalendarDate } from "@/lib/dates";
import type { Locale } from "@/db/schema";

/** A due date ("2026-12-01", a calendar day with no zone) as staff read it: "1 dic 2026" / "Dec 1, 2026". */
export function formatDueDate(day: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** The clinic's calendar day as "YYYY-MM-DD" (what "overdue" is measured against). */
export function clinicToday(now: Date, timeZone: string) {
  const { year, month, day } = zonedCalendarDate(now, timeZone);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
