import { describe, expect, it } from "vitest";
import { formatDateTime, zonedCalendarDate, zonedCalendarDatePlusDays, zonedDateTime } from "./dates";

describe("zone conversion", () => {
  it("places 10:00 in Mexico City at 16:00 UTC (no DST since 2022)", () => {
    expect(zonedDateTime("America/Mexico_City", { year: 2026, month: 7, day: 1, hour: 10 }).toISOString()).toBe(
      "2026-07-01T16:00:00.000Z",
    );
  });

  it("follows Tijuana across its DST change", () => {
    // Tijuana moves to PDT (UTC-7) on 2026-03-08.
    expect(zonedDateTime("America/Tijuana", { year: 2026, month: 3, day: 7, hour: 10 }).toISOString()).toBe(
      "2026-03-07T18:00:00.000Z",
    );
    expect(zonedDateTime("America/Tijuana", { year: 2026, month: 3, day: 9, hour: 10 }).toISOString()).toBe(
      "2026-03-09T17:00:00.000Z",
    );
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
