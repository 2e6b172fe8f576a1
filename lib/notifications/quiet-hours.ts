import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { zonedCalendarDate, zonedCalendarDatePlusDays, zonedDateTime } from "@/lib/dates";

/**
 * Quiet hours: a window on the clinic's wall clock (21:00–08:00 by default) in which messages that
 * are not urgent are held and go out when it ends. Pure time math over `at` and the clinic's zone.
 */
export interface QuietHours {
  enabled: boolean;
  /** Minutes after midnight, 0–1439. start > end wraps past midnight; start = end is no window. */
  startMinute: number;
  endMinute: number;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { enabled: true, startMinute: 21 * 60, endMinute: 8 * 60 };

/** "21:00" ↔ 1260: the form's <input type="time"> value. */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5)));

export function formatMinuteOfDay(minute: number) {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** Is this minute of the day inside the window? */
export function inQuietWindow(minuteOfDay: number, quiet: QuietHours) {
  const { startMinute: start, endMinute: end } = quiet;
  if (!quiet.enabled || start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/**
 * When the quiet window that contains `at` ends, on the clinic's clock; null when `at` is outside it.
 * The end is the next wall-clock `endMinute` after `at` in `timeZone`, so a window that spans a DST
 * change is an hour longer or shorter in real time but always ends at the clinic's 08:00.
 */
export function quietHoursEnd(params: { at: Date; timeZone: string; quietHours: QuietHours }): Date | null {
  const { at, timeZone, quietHours } = params;
  const local = new TZDate(at.getTime(), timeZone);
  const minute = local.getHours() * 60 + local.getMinutes();
  if (!inQuietWindow(minute, quietHours)) return null;
  const endHour = Math.floor(quietHours.endMinute / 60);
  const endMin = quietHours.endMinute % 60;
  for (const days of [0, 1]) {
    const day = days === 0 ? zonedCalendarDate(at, timeZone) : zonedCalendarDatePlusDays(at, timeZone, days);
    const end = zonedDateTime(timeZone, { year: day.year, month: day.month, day: day.day, hour: endHour, minute: endMin });
    if (end.getTime() > at.getTime()) return end;
  }
  // Unreachable: the next day's end is always later than `at`.
  return null;
}
