import { z } from "zod";
import { zonedCalendarDate, zonedDateTime } from "@/lib/dates";

/**
 * The results dashboard's period, from the URL (`?period=7d|30d|90d` or `?period=custom&from=…&to=…`, dates
 * inclusive, on the clinic's wall clock). Pure: it takes `now` and the zone. Every range is [from, to) between
 * local midnights, so a visit at 23:30 in Tijuana belongs to the day (and week) the clinic saw it on.
 */
export const PRESET_PERIODS = ["7d", "30d", "90d"] as const;
export type PeriodKey = (typeof PRESET_PERIODS)[number] | "custom";
export const DEFAULT_PERIOD = "30d" satisfies PeriodKey;
/** The longest custom period (a year and a day, so a leap year fits). */
export const MAX_CUSTOM_DAYS = 366;

export interface ResultsPeriod {
  key: PeriodKey;
  /** First and last day, "YYYY-MM-DD", inclusive (what the custom form shows). */
  firstDay: string;
  lastDay: string;
  days: number;
  from: Date;
  to: Date;
  /** The same number of days just before. */
  previous: { from: Date; to: Date; firstDay: string; lastDay: string };
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

interface Day {
  year: number;
  month: number;
  day: number;
}

function dayString(d: Day) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** A calendar day moved by whole days (UTC arithmetic on the date alone: no zone involved). */
function addCalendarDays(d: Day, days: number): Day {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function parseDay(value: string): Day | null {
  if (!isoDay.safeParse(value).success) return null;
  const [year, month, day] = value.split("-").map(Number);
  const t = new Date(Date.UTC(year, month - 1, day));
  if (t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) return null;
  return { year, month, day };
}

function daysBetween(a: Day, b: Day) {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

function midnight(d: Day, timeZone: string) {
  return zonedDateTime(timeZone, { ...d, hour: 0 });
}

function build(key: PeriodKey, first: Day, last: Day, timeZone: string): ResultsPeriod {
  const days = daysBetween(first, last) + 1;
  const prevLast = addCalendarDays(first, -1);
  const prevFirst = addCalendarDays(first, -days);
  return {
    key,
    firstDay: dayString(first),
    lastDay: dayString(last),
    days,
    from: midnight(first, timeZone),
    to: midnight(addCalendarDays(last, 1), timeZone),
    previous: {
      from: midnight(prevFirst, timeZone),
      to: midnight(first, timeZone),
      firstDay: dayString(prevFirst),
      lastDay: dayString(prevLast),
    },
  };
}

/**
 * The period the URL asks for; anything missing or malformed (an unknown key, a bad date, from after to, a
 * custom range longer than MAX_CUSTOM_DAYS) falls back to the last 30 days. "Last N days" ends today.
 */
export function resolvePeriod(params: { period?: string; from?: string; to?: string; now: Date; timeZone: string }): ResultsPeriod {
  const today = zonedCalendarDate(params.now, params.timeZone);
  if (params.period === "custom") {
    const first = parseDay(params.from ?? "");
    const last = parseDay(params.to ?? "");
    if (first && last && daysBetween(first, last) >= 0 && daysBetween(first, last) < MAX_CUSTOM_DAYS) {
      return build("custom", first, last, params.timeZone);
    }
  }
  const key = (PRESET_PERIODS as readonly string[]).includes(params.period ?? "")
    ? (params.period as (typeof PRESET_PERIODS)[number])
    : DEFAULT_PERIOD;
  const days = Number.parseInt(key, 10);
  return build(key, addCalendarDays(today, -(days - 1)), today, params.timeZone);
}
