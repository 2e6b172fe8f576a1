import { zonedDateTime } from "@/lib/dates";

/** A `<input type="datetime-local">` value ("2026-11-25T10:00") read on the clinic's clock. */
export function zonedInputToDate(value: string, timeZone: string): Date {
  const [day, time] = value.split("T");
  const [year, month, dayOfMonth] = day.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  return zonedDateTime(timeZone, { year, month, day: dayOfMonth, hour, minute });
}
