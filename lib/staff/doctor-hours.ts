import { TZDate } from "@date-fns/tz";
import type { TimeOff, WorkingInterval } from "@/db/schema/doctor-profiles";

export type { TimeOff, WorkingInterval } from "@/db/schema/doctor-profiles";

/** A doctor's week: intervals per weekday (0 = Sunday) and days off, on the clinic's wall clock and calendar. */
export interface DoctorSchedule {
  workingHours: WorkingInterval[];
  timeOff: TimeOff[];
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "09:30" → 570; "24:00" → 1440 (an interval may end at midnight); null when it is not a time. */
export function minutesOf(time: string): number | null {
  if (!TIME.test(time)) return null;
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
}

function isDate(value: string) {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export type ScheduleError =
  | { field: "workingHours"; weekday: number; code: "timeInvalid" | "endBeforeStart" | "overlap" }
  | { field: "timeOff"; index: number; code: "dateInvalid" | "endBeforeStart" | "tooLong" };

/**
 * Checks a week's intervals and days off: every time "HH:MM", each interval ends after it starts, the
 * intervals of one day do not overlap (touching is fine: 9–14 and 14–16), each time off ends on or after
 * it starts and its reason is short. Returns the schedule sorted (weekday Monday first, then start), or the errors.
 */
export function checkSchedule(input: DoctorSchedule): { ok: true; schedule: DoctorSchedule } | { ok: false; errors: ScheduleError[] } {
  const errors: ScheduleError[] = [];
  const byDay = new Map<number, { start: number; end: number; interval: WorkingInterval }[]>();
  for (const interval of input.workingHours) {
    const weekday = interval.weekday;
    if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) {
      errors.push({ field: "workingHours", weekday: 0, code: "timeInvalid" });
      continue;
    }
    const start = minutesOf(String(interval.start));
    const end = minutesOf(String(interval.end));
    if (start === null || end === null || start === 1440) {
      errors.push({ field: "workingHours", weekday, code: "timeInvalid" });
      continue;
    }
    if (end <= start) {
      errors.push({ field: "workingHours", weekday, code: "endBeforeStart" });
      continue;
    }
    const day = byDay.get(weekday) ?? [];
    day.push({ start, end, interval: { weekday, start: interval.start, end: interval.end } });
    byDay.set(weekday, day);
  }
  for (const [weekday, day] of byDay) {
    day.sort((a, b) => a.start - b.start);
    for (let i = 1; i < day.length; i++) {
      if (day[i].start < day[i - 1].end) {
        errors.push({ field: "workingHours", weekday, code: "overlap" });
        break;
      }
    }
  }
  const timeOff: TimeOff[] = [];
  input.timeOff.forEach((off, index) => {
    const from = String(off.from ?? "");
    const to = String(off.to ?? "");
    const reason = off.reason == null ? "" : String(off.reason).trim();
    if (!isDate(from) || !isDate(to)) errors.push({ field: "timeOff", index, code: "dateInvalid" });
    else if (to < from) errors.push({ field: "timeOff", index, code: "endBeforeStart" });
    else if (reason.length > 200) errors.push({ field: "timeOff", index, code: "tooLong" });
    else timeOff.push({ from, to, reason: reason || null });
  });
  if (errors.length > 0) return { ok: false, errors };
  const order = (weekday: number) => WEEKDAYS.indexOf(weekday as (typeof WEEKDAYS)[number]);
  const workingHours = [...byDay.values()]
    .flat()
    .sort((a, b) => order(a.interval.weekday) - order(b.interval.weekday) || a.start - b.start)
    .map((d) => d.interval);
  timeOff.sort((a, b) => a.from.localeCompare(b.from));
  return { ok: true, schedule: { workingHours, timeOff } };
}

/** Whether the doctor has hours at all: without them, every hour is alike (nothing greyed, nothing to confirm). */
export function hasHours(schedule: DoctorSchedule | null | undefined): schedule is DoctorSchedule {
  return Boolean(schedule && schedule.workingHours.length > 0);
}

function wallClock(instant: Date, timeZone: string) {
  const local = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`,
    weekday: local.getDay(),
    minutes: local.getHours() * 60 + local.getMinutes(),
  };
}

/**
 * Whether a visit [startsAt, endsAt) lies inside one of the doctor's intervals on the clinic's wall clock, on
 * a day that is not time off. Read in the zone (a DST change moves nothing: 9:00 is 9:00 on the wall clock);
 * a visit that crosses midnight or two intervals is outside. A doctor without hours: always inside.
 */
export function isWithinHours(schedule: DoctorSchedule | null | undefined, params: { startsAt: Date; endsAt: Date; timeZone: string }) {
  if (!hasHours(schedule)) return true;
  const start = wallClock(params.startsAt, params.timeZone);
  const end = wallClock(params.endsAt, params.timeZone);
  let endMinutes = end.minutes;
  if (end.date !== start.date) {
    if (end.minutes !== 0 || params.endsAt.getTime() - params.startsAt.getTime() > 86_400_000) return false;
    endMinutes = 1440;
  }
  if (schedule.timeOff.some((off) => off.from <= start.date && start.date <= off.to)) return false;
  return schedule.workingHours.some((interval) => {
    if (interval.weekday !== start.weekday) return false;
    const from = minutesOf(interval.start) ?? 0;
    const to = minutesOf(interval.end) ?? 0;
    return from <= start.minutes && endMinutes <= to;
  });
}

/** The doctor's intervals as FullCalendar business hours (wall-clock times, read in the calendar's zone). */
export function toBusinessHours(schedule: DoctorSchedule) {
  return schedule.workingHours.map((i) => ({ daysOfWeek: [i.weekday], startTime: i.start, endTime: i.end }));
}

/** The day after a "YYYY-MM-DD" date (time off ends at the start of the day after its last one). */
export function nextDate(date: string) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** "09:00-14:00, 16:00-19:00" → intervals of one weekday; null when a piece does not read as "HH:MM-HH:MM". */
export function parseDayIntervals(text: string, weekday: number): WorkingInterval[] | null {
  const pieces = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: WorkingInterval[] = [];
  for (const piece of pieces) {
    const match = /^(\d{1,2}:\d{2})\s*[-–—a]\s*(\d{1,2}:\d{2})$/.exec(piece);
    if (!match) return null;
    const pad = (t: string) => (t.length === 4 ? `0${t}` : t);
    out.push({ weekday, start: pad(match[1]), end: pad(match[2]) });
  }
  return out;
}

/** One weekday's intervals as the settings form shows them: "09:00-14:00, 16:00-19:00". */
export function formatDayIntervals(schedule: DoctorSchedule, weekday: number) {
  return schedule.workingHours
    .filter((i) => i.weekday === weekday)
    .map((i) => `${i.start}-${i.end}`)
    .join(", ");
}
