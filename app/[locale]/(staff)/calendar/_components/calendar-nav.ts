import { toZonedInputValue } from "@/lib/dates";

/** The calendar's two views. `day` with every doctor shows one column per doctor; `week` one column per day. */
export type CalendarView = "timeGridDay" | "timeGridWeek";

/** The clinic-local date ("2026-12-07") of an instant. */
export function clinicDateOf(instant: Date, timeZone: string) {
  return toZonedInputValue(instant, timeZone).slice(0, 10);
}

/** The date a "previous"/"next" press lands on: a day or a week away (calendar dates, no time zone involved). */
export function shiftDate(date: string, view: CalendarView, direction: -1 | 1) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + direction * (view === "timeGridWeek" ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/**
 * Where the grid scrolls to, "HH:MM:00": on a view that shows today, an hour before the clinic's current time
 * (so "now" is on screen with the next visits under it); on any other day, the start of a working morning.
 */
export function scrollTimeFor(params: { now: Date; timeZone: string; showsToday: boolean }) {
  if (!params.showsToday) return "07:00:00";
  const [hours] = toZonedInputValue(params.now, params.timeZone).slice(11, 16).split(":").map(Number);
  return `${String(Math.max(0, hours - 1)).padStart(2, "0")}:00:00`;
}

/** Whether a view on `date` shows `today` (the week view shows the Monday-to-Sunday week around its date). */
export function viewShowsToday(params: { date: string; today: string; view: CalendarView }) {
  if (params.view === "timeGridDay") return params.date === params.today;
  const monday = (date: string) => {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  };
  return monday(params.date) === monday(params.today);
}

/** The toolbar's title: "lunes, 7 de diciembre de 2026" for a day, "7 – 13 dic 2026" for its Monday-to-Sunday week. */
export function viewTitle(params: { date: string; view: CalendarView; locale: "es" | "en" }) {
  const tag = params.locale === "en" ? "en-US" : "es-MX";
  // Calendar dates at noon UTC, formatted in UTC: no zone can move them to another day.
  const at = (date: string) => new Date(`${date}T12:00:00Z`);
  if (params.view === "timeGridDay") {
    return new Intl.DateTimeFormat(tag, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(
      at(params.date),
    );
  }
  const d = at(params.date);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  const sunday = new Date(d);
  sunday.setUTCDate(d.getUTCDate() + 6);
  return new Intl.DateTimeFormat(tag, { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).formatRange(d, sunday);
}
