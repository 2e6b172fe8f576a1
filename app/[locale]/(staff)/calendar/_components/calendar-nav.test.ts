import { describe, expect, it } from "vitest";
import { clinicDateOf, scrollTimeFor, shiftDate, viewShowsToday, viewTitle } from "./calendar-nav";

describe("calendar navigation", () => {
  it("moves a day or a week, across a month and a year", () => {
    expect(shiftDate("2026-12-31", "timeGridDay", 1)).toBe("2027-01-01");
    expect(shiftDate("2026-03-01", "timeGridDay", -1)).toBe("2026-02-28");
    expect(shiftDate("2026-12-28", "timeGridWeek", 1)).toBe("2027-01-04");
    // A DST change does not move a calendar date (America/Tijuana changes on 2026-03-08).
    expect(shiftDate("2026-03-07", "timeGridDay", 1)).toBe("2026-03-08");
  });

  it("reads today on the clinic's clock, not the browser's", () => {
    const lateInMexicoCity = new Date("2026-12-08T05:30:00Z"); // 23:30 on the 7th in Mexico City, 21:30 in Tijuana
    expect(clinicDateOf(lateInMexicoCity, "America/Mexico_City")).toBe("2026-12-07");
    expect(clinicDateOf(new Date("2026-12-08T06:30:00Z"), "America/Mexico_City")).toBe("2026-12-08");
    expect(clinicDateOf(new Date("2026-12-08T06:30:00Z"), "America/Tijuana")).toBe("2026-12-07");
  });

  it("scrolls today to an hour before now, other days to the morning", () => {
    const now = new Date("2026-12-07T21:10:00Z"); // 15:10 in Mexico City
    expect(scrollTimeFor({ now, timeZone: "America/Mexico_City", showsToday: true })).toBe("14:00:00");
    expect(scrollTimeFor({ now, timeZone: "America/Tijuana", showsToday: true })).toBe("12:00:00");
    expect(scrollTimeFor({ now: new Date("2026-12-07T06:20:00Z"), timeZone: "America/Mexico_City", showsToday: true })).toBe("00:00:00");
    expect(scrollTimeFor({ now, timeZone: "America/Mexico_City", showsToday: false })).toBe("07:00:00");
  });

  it("knows whether a view shows today (weeks start on Monday)", () => {
    expect(viewShowsToday({ date: "2026-12-07", today: "2026-12-07", view: "timeGridDay" })).toBe(true);
    expect(viewShowsToday({ date: "2026-12-08", today: "2026-12-07", view: "timeGridDay" })).toBe(false);
    // Monday 7 to Sunday 13 December 2026.
    expect(viewShowsToday({ date: "2026-12-13", today: "2026-12-07", view: "timeGridWeek" })).toBe(true);
    expect(viewShowsToday({ date: "2026-12-14", today: "2026-12-13", view: "timeGridWeek" })).toBe(false);
    expect(viewShowsToday({ date: "2026-12-06", today: "2026-12-07", view: "timeGridWeek" })).toBe(false);
  });
});

describe("calendar title", () => {
  it("names the day, or the week's Monday to Sunday, in the screen's language", () => {
    expect(viewTitle({ date: "2026-12-07", view: "timeGridDay", locale: "es" })).toBe("lunes, 7 de diciembre de 2026");
    expect(viewTitle({ date: "2026-12-07", view: "timeGridDay", locale: "en" })).toBe("Monday, December 7, 2026");
    // Intl puts thin spaces around the range's dash.
    const plain = (text: string) => text.replace(/\s/g, " ");
    expect(plain(viewTitle({ date: "2026-12-10", view: "timeGridWeek", locale: "en" }))).toBe("Dec 7 – 13, 2026");
    expect(plain(viewTitle({ date: "2026-12-31", view: "timeGridWeek", locale: "es" }))).toBe("28 de dic de 2026 – 3 de ene de 2027");
  });
});
