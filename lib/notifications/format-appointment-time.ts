import type { Locale } from "@/db/schema";
import { zonedCalendarDate, zonedCalendarDatePlusDays } from "@/lib/dates";

/** The date and time phrases a patient message uses, in the patient's locale and the clinic's zone. */
export interface AppointmentTimePhrases {
  /** "28 de octubre, 2025" / "October 28, 2025" */
  date: string;
  /** "martes 15 de marzo, 10:00 a.m." / "Tuesday, March 15 at 10:00 AM" */
  dateTime: string;
  /** "10:00 a.m." / "10:00 AM" */
  time: string;
  /**
   * The time with the article Spanish gives the hour: "las 10:00 a.m." but "la 1:05 p.m." (what follows
   * "a" in "a las 10:00"); English has none: "10:00 AM".
   */
  timeWithArticle: string;
  /**
   * "hoy" / "today", "mañana" / "tomorrow" when the visit falls on the clinic-local calendar day of `now`
   * or the next one; otherwise "el martes 15 de marzo" / "on Tuesday, March 15".
   */
  dayPhrase: string;
}

const INTL_LOCALE: Record<Locale, string> = { es: "es-MX", en: "en-US" };

/**
 * ICU puts U+202F (narrow no-break space) or U+00A0 before "AM"/"a.m." in some versions. Twilio and SMS
 * gateways handle them badly (GSM-7 has neither), so every phrase uses plain spaces.
 */
export function toPlainSpaces(text: string) {
  return text.replace(/[\u00a0\u2007\u202f]/g, " ");
}

// Building an Intl.DateTimeFormat costs far more than using one (it was ~20 % of dispatch CPU in the
// benchmark): one per locale × zone × shape, kept for the life of the process (per Intl implementation,
// so a test that swaps Intl gets formatters of its own).
const cache = new WeakMap<typeof Intl.DateTimeFormat, Map<string, Intl.DateTimeFormat>>();
function formatter(locale: Locale, timeZone: string, shape: "date" | "time") {
  let formatters = cache.get(Intl.DateTimeFormat);
  if (!formatters) cache.set(Intl.DateTimeFormat, (formatters = new Map()));
  const key = `${locale}|${timeZone}|${shape}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(
      INTL_LOCALE[locale],
      shape === "date"
        ? { timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric" }
        : { timeZone, hour: "numeric", minute: "2-digit" },
    );
    formatters.set(key, cached);
  }
  return cached;
}

function partsOf(startsAt: Date, timeZone: string, locale: Locale) {
  const parts = formatter(locale, timeZone, "date").formatToParts(startsAt);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: part("weekday"), day: part("day"), month: part("month"), year: part("year") };
}

function formatTime(startsAt: Date, timeZone: string, locale: Locale) {
  const time = formatter(locale, timeZone, "time").format(startsAt);
  return toPlainSpaces(time);
}

/** Whole calendar days from `now`'s clinic-local date to `startsAt`'s (0 = same day, 1 = the next). */
function calendarDaysApart(params: { startsAt: Date; now: Date; timeZone: string }) {
  const visit = zonedCalendarDate(params.startsAt, params.timeZone);
  const sameDay = (d: { year: number; month: number; day: number }) =>
    d.year === visit.year && d.month === visit.month && d.day === visit.day;
  if (sameDay(zonedCalendarDate(params.now, params.timeZone))) return 0;
  if (sameDay(zonedCalendarDatePlusDays(params.now, params.timeZone, 1))) return 1;
  return null;
}

/**
 * Pure: the same inputs always give the same phrases, whatever the process's TZ. "Tomorrow" is the next
 * calendar date in the clinic's zone, not "within 24 hours".
 */
export function formatAppointmentTime(params: { startsAt: Date; now: Date; timeZone: string; locale: Locale }): AppointmentTimePhrases {
  const { startsAt, now, timeZone, locale } = params;
  const { weekday, day, month, year } = partsOf(startsAt, timeZone, locale);
  const time = formatTime(startsAt, timeZone, locale);
  const daysApart = calendarDaysApart({ startsAt, now, timeZone });

  if (locale === "es") {
    const weekdayDate = `${weekday} ${day} de ${month}`;
    return toPlainPhrases({
      date: `${day} de ${month}, ${year}`,
      dateTime: `${weekdayDate}, ${time}`,
      time,
      timeWithArticle: `${/^1:/.test(time) ? "la" : "las"} ${time}`,
      dayPhrase: daysApart === 0 ? "hoy" : daysApart === 1 ? "mañana" : `el ${weekdayDate}`,
    });
  }
  const weekdayDate = `${weekday}, ${month} ${day}`;
  return toPlainPhrases({
    date: `${month} ${day}, ${year}`,
    dateTime: `${weekdayDate} at ${time}`,
    time,
    timeWithArticle: time,
    dayPhrase: daysApart === 0 ? "today" : daysApart === 1 ? "tomorrow" : `on ${weekdayDate}`,
  });
}

function toPlainPhrases(phrases: AppointmentTimePhrases): AppointmentTimePhrases {
  return {
    date: toPlainSpaces(phrases.date),
    dateTime: toPlainSpaces(phrases.dateTime),
    time: toPlainSpaces(phrases.time),
    timeWithArticle: toPlainSpaces(phrases.timeWithArticle),
    dayPhrase: toPlainSpaces(phrases.dayPhrase),
  };
}
