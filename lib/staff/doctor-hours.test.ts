import { describe, expect, it } from "vitest";
import { zonedDateTime } from "@/lib/dates";
import {
  checkSchedule,
  formatDayIntervals,
  isWithinHours,
  nextDate,
  parseDayIntervals,
  toBusinessHours,
  type DoctorSchedule,
} from "./doctor-hours";

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));
const schedule: DoctorSchedule = {
  workingHours: [...weekdays("09:00", "14:00"), ...weekdays("16:00", "19:00"), { weekday: 6, start: "09:00", end: "13:00" }],
  timeOff: [{ from: "2026-12-24", to: "2026-12-25", reason: "Navidad" }],
};

describe("checkSchedule", () => {
  it("accepts split days and touching intervals, and sorts them Monday first", () => {
    const result = checkSchedule({
      workingHours: [
        { weekday: 0, start: "10:00", end: "12:00" },
        { weekday: 1, start: "14:00", end: "16:00" },
        { weekday: 1, start: "09:00", end: "14:00" },
        { weekday: 1, start: "18:00", end: "24:00" },
      ],
      timeOff: [{ from: "2026-12-31", to: "2026-12-31", reason: "  " }],
    });
    expect(result).toEqual({
      ok: true,
      schedule: {
        workingHours: [
          { weekday: 1, start: "09:00", end: "14:00" },
          { weekday: 1, start: "14:00", end: "16:00" },
          { weekday: 1, start: "18:00", end: "24:00" },
          { weekday: 0, start: "10:00", end: "12:00" },
        ],
        timeOff: [{ from: "2026-12-31", to: "2026-12-31", reason: null }],
      },
    });
  });

  it("refuses overlapping intervals, one that ends before it starts, a bad time, and time off that ends before it starts", () => {
    expect(
      checkSchedule({
        workingHours: [
          { weekday: 2, start: "09:00", end: "14:00" },
          { weekday: 2, start: "13:00", end: "15:00" },
          { weekday: 3, start: "14:00", end: "09:00" },
          { weekday: 4, start: "10:00", end: "10:00" },
          { weekday: 5, start: "25:00", end: "26:00" },
          { weekday: 7, start: "09:00", end: "10:00" },
        ],
        timeOff: [
          { from: "2026-12-26", to: "2026-12-24", reason: null },
          { from: "2026-02-30", to: "2026-03-01", reason: null },
          { from: "2026-03-01", to: "2026-03-02", reason: "x".repeat(201) },
        ],
      }),
    ).toEqual({
      ok: false,
      errors: [
        { field: "workingHours", weekday: 3, code: "endBeforeStart" },
        { field: "workingHours", weekday: 4, code: "endBeforeStart" },
        { field: "workingHours", weekday: 5, code: "timeInvalid" },
        { field: "workingHours", weekday: 0, code: "timeInvalid" },
        { field: "workingHours", weekday: 2, code: "overlap" },
        { field: "timeOff", index: 0, code: "endBeforeStart" },
        { field: "timeOff", index: 1, code: "dateInvalid" },
        { field: "timeOff", index: 2, code: "tooLong" },
      ],
    });
  });
});

describe("parseDayIntervals / formatDayIntervals", () => {
  it("reads what staff type and writes it back the same way", () => {
    expect(parseDayIntervals(" 9:00-14:00, 16:00 – 19:00 ", 1)).toEqual([
      { weekday: 1, start: "09:00", end: "14:00" },
      { weekday: 1, start: "16:00", end: "19:00" },
    ]);
    expect(parseDayIntervals("", 1)).toEqual([]);
    expect(parseDayIntervals("9 to 2", 1)).toBeNull();
    expect(formatDayIntervals(schedule, 1)).toBe("09:00-14:00, 16:00-19:00");
    expect(formatDayIntervals(schedule, 0)).toBe("");
  });
});

describe("isWithinHours", () => {
  const zone = "America/Mexico_City";
  const at = (timeZone: string, day: string, hour: number, minute = 0, minutes = 30) => {
    const [year, month, d] = day.split("-").map(Number);
    const startsAt = zonedDateTime(timeZone, { year, month, day: d, hour, minute });
    return { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000), timeZone };
  };

  it("is inside only within one interval of the visit's weekday, on the clinic's wall clock", () => {
    // Monday 2026-12-07.
    expect(isWithinHours(schedule, at(zone, "2026-12-07", 9))).toBe(true);
    expect(isWithinHours(schedule, at(zone, "2026-12-07", 13, 30))).toBe(true);
    expect(isWithinHours(schedule, at(zone, "2026-12-07", 13, 45))).toBe(false); // ends 14:15
    expect(isWithinHours(schedule, at(zone, "2026-12-07", 8, 30))).toBe(false);
    expect(isWithinHours(schedule, at(zone, "2026-12-07", 14, 30))).toBe(false); // the lunch break
    expect(isWithinHours(schedule, at(zone, "2026-12-07", 13, 30, 180))).toBe(false); // spans the break
    expect(isWithinHours(schedule, at(zone, "2026-12-07", 18, 30))).toBe(true);
    expect(isWithinHours(schedule, at(zone, "2026-12-07", 19))).toBe(false);
    // Saturday mornings only, Sunday never.
    expect(isWithinHours(schedule, at(zone, "2026-12-12", 12, 30))).toBe(true);
    expect(isWithinHours(schedule, at(zone, "2026-12-12", 16))).toBe(false);
    expect(isWithinHours(schedule, at(zone, "2026-12-13", 10))).toBe(false);
  });

  it("is outside on time off (both dates included) and inside again the day after", () => {
    expect(isWithinHours(schedule, at(zone, "2026-12-23", 10))).toBe(true);
    expect(isWithinHours(schedule, at(zone, "2026-12-24", 10))).toBe(false);
    expect(isWithinHours(schedule, at(zone, "2026-12-25", 10))).toBe(false);
    expect(isWithinHours(schedule, at(zone, "2026-12-26", 10))).toBe(true); // a Saturday
  });

  it("reads 9:00 as 9:00 across a DST change (Tijuana, the week of 1 November 2026)", () => {
    const tijuana = "America/Tijuana";
    // Friday before the change (UTC−7) and Monday after it (UTC−8): the same wall-clock hours.
    const friday = at(tijuana, "2026-10-30", 9);
    const monday = at(tijuana, "2026-11-02", 9);
    expect(friday.startsAt.toISOString()).toBe("2026-10-30T16:00:00.000Z");
    expect(monday.startsAt.toISOString()).toBe("2026-11-02T17:00:00.000Z");
    expect(isWithinHours(schedule, friday)).toBe(true);
    expect(isWithinHours(schedule, monday)).toBe(true);
    // 16:00Z on Monday is 8:00 in Tijuana: outside, though it was 9:00 the Friday before.
    const early = { startsAt: new Date("2026-11-02T16:00:00Z"), endsAt: new Date("2026-11-02T16:30:00Z"), timeZone: tijuana };
    expect(isWithinHours(schedule, early)).toBe(false);
    // The Sunday of the change is not a working day.
    expect(isWithinHours(schedule, at(tijuana, "2026-11-01", 10))).toBe(false);
    // Spring forward (8 March 2026): Monday 18:30 is still inside.
    expect(isWithinHours(schedule, at(tijuana, "2026-03-09", 18, 30))).toBe(true);
  });

  it("treats every hour alike for a doctor without hours, and refuses a visit past midnight", () => {
    expect(isWithinHours(null, at(zone, "2026-12-13", 3))).toBe(true);
    expect(isWithinHours({ workingHours: [], timeOff: [] }, at(zone, "2026-12-13", 3))).toBe(true);
    const late: DoctorSchedule = { workingHours: [{ weekday: 1, start: "20:00", end: "24:00" }], timeOff: [] };
    expect(isWithinHours(late, at(zone, "2026-12-07", 23, 30))).toBe(true);
    expect(isWithinHours(late, at(zone, "2026-12-07", 23, 45))).toBe(false);
  });

  it("gives FullCalendar wall-clock business hours and an exclusive end for time off", () => {
    expect(toBusinessHours(schedule)[0]).toEqual({ daysOfWeek: [1], startTime: "09:00", endTime: "14:00" });
    expect(nextDate("2026-12-31")).toBe("2027-01-01");
  });
});
