import { describe, expect, it } from "vitest";
import { formatDateTime, zonedCalendarDate, zonedCalendarDatePlusDays, zonedCalendarWeek, zonedDateTime } from "./dates";

describe("zone conversion", () => {
  it("places 10:00 in Mexico City at 16:00 UTC (no DST since 2022)", () => {
    expect(zonedDateTime("America/Mexico_City", { year: 2026, month: 7, day: 1, hour: 10 }).toISOString()).toBe("2026-07-01T16:00:00.000Z");
  });

  it("follows Tijuana across its DST change", () => {
    // Tijuana moves to PDT (UTC-7) on 2026-03-08.
    expect(zonedDateTime("America/Tijuana", { year: 2026, month: 3, day: 7, hour: 10 }).toISOString()).toBe("2026-03-07T18:00:00.000Z");
    expect(zonedDateTime("America/Tijuana", { year: 2026, month: 3, day: 9, hour: 10 }).toISOString()).toBe("2026-03-09T17:00:00.000Z");
  });

  it("reads the calendar date in the zone, not in UTC", () => {
    // 03:00 UTC on the 2nd is still the evening of the 1st in Mexico City.
    expect(zonedCalendarDate(new Date("2026-07-02T03:00:00Z"), "America/Mexico_City")).toEqual({
      year: 2026,
      month: 7,
      day: 1,
      weekday: 3,
    });
    expect(zonedCalendarDatePlusDays(new Date("2026-07-02T03:00:00Z"), "America/Mexico_City", 1).day).toBe(2);
  });

  it("formats in the clinic's zone for either UI language", () => {
    const instant = new Date("2026-07-01T16:00:00Z");
    expect(formatDateTime(instant, { locale: "es", timeZone: "America/Mexico_City" })).toMatch(/1 jul 2026.*10:00/);
    expect(formatDateTime(instant, { locale: "en", timeZone: "America/Mexico_City" })).toMatch(/Jul 1, 2026.*10:00/);
  });
});

describe("toZonedInputValue", () => {
  it("writes the clinic's wall-clock time for a datetime-local input", async () => {
    const { toZonedInputValue } = await import("./dates");
    expect(toZonedInputValue(new Date("2026-11-28T16:00:00Z"), "America/Mexico_City")).toBe("2026-11-28T10:00");
    expect(toZonedInputValue(new Date("2026-03-09T17:00:00Z"), "America/Tijuana")).toBe("2026-03-09T10:00");
  });
});

// CI runs this file with TZ=UTC (PGlite) and TZ=America/Tijuana (PostgreSQL): the answer must not depend on the process zone.
describe("zonedCalendarWeek", () => {
  const iso = (week: ReturnType<typeof zonedCalendarWeek>) => ({
    from: week.from.toISOString(),
    to: week.to.toISOString(),
    firstDay: week.firstDay,
  });

  it("runs Monday 00:00 to Monday 00:00 on the clinic's clock", () => {
    // Wednesday 2 Dec 2026, 10:00 in Mexico City (UTC-6).
    expect(iso(zonedCalendarWeek(new Date("2026-12-02T16:00:00Z"), "America/Mexico_City"))).toEqual({
      from: "2026-11-30T06:00:00.000Z",
      to: "2026-12-07T06:00:00.000Z",
      firstDay: "2026-11-30",
    });
  });

  it("keeps Sunday evening in its week although it is already Monday in UTC", () => {
    // Sunday 6 Dec 2026, 20:00 in Mexico City = Monday 02:00 UTC.
    expect(zonedCalendarWeek(new Date("2026-12-07T02:00:00Z"), "America/Mexico_City").firstDay).toBe("2026-11-30");
    // Sunday 23:59 in Tijuana (UTC-8) = Monday 07:59 UTC.
    expect(zonedCalendarWeek(new Date("2026-12-07T07:59:00Z"), "America/Tijuana").firstDay).toBe("2026-11-30");
    // One minute later it is Monday in Tijuana: the next week.
    expect(zonedCalendarWeek(new Date("2026-12-07T08:00:00Z"), "America/Tijuana").firstDay).toBe("2026-12-07");
  });

  it("starts Monday at midnight: that minute belongs to the new week, the one before to the old", () => {
    const week = zonedCalendarWeek(new Date("2026-11-30T06:00:00Z"), "America/Mexico_City");
    expect(week.firstDay).toBe("2026-11-30");
    expect(zonedCalendarWeek(new Date(week.from.getTime() - 1), "America/Mexico_City").firstDay).toBe("2026-11-23");
  });

  it("is an hour shorter across Tijuana's spring DST change and an hour longer across the autumn one", () => {
    // DST starts Sunday 8 Mar 2026 (PST → PDT).
    const spring = zonedCalendarWeek(new Date("2026-03-04T20:00:00Z"), "America/Tijuana");
    expect(iso(spring)).toEqual({ from: "2026-03-02T08:00:00.000Z", to: "2026-03-09T07:00:00.000Z", firstDay: "2026-03-02" });
    expect(spring.to.getTime() - spring.from.getTime()).toBe((7 * 24 - 1) * 3_600_000);
    // DST ends Sunday 1 Nov 2026.
    const autumn = zonedCalendarWeek(new Date("2026-10-28T20:00:00Z"), "America/Tijuana");
    expect(iso(autumn)).toEqual({ from: "2026-10-26T07:00:00.000Z", to: "2026-11-02T08:00:00.000Z", firstDay: "2026-10-26" });
  });

  it("crosses a month and a year", () => {
    expect(zonedCalendarWeek(new Date("2027-01-01T18:00:00Z"), "America/Mexico_City").firstDay).toBe("2026-12-28");
  });
});
