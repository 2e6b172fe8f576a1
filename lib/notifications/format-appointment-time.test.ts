import { afterEach, describe, expect, it, vi } from "vitest";
import { zonedDateTime } from "@/lib/dates";
import { formatAppointmentTime, toPlainSpaces } from "./format-appointment-time";

const MX = "America/Mexico_City";
const TIJUANA = "America/Tijuana";

const at = (timeZone: string, year: number, month: number, day: number, hour: number, minute = 0) =>
  zonedDateTime(timeZone, { year, month, day, hour, minute });

describe("formatAppointmentTime: product formats", () => {
  it("gives the long date with the year", () => {
    const startsAt = at(MX, 2025, 10, 28, 10);
    const now = at(MX, 2025, 10, 1, 9);
    expect(formatAppointmentTime({ startsAt, now, timeZone: MX, locale: "es" }).date).toBe("28 de octubre, 2025");
    expect(formatAppointmentTime({ startsAt, now, timeZone: MX, locale: "en" }).date).toBe("October 28, 2025");
  });

  it("gives weekday, date and time, and the time alone", () => {
    // Tuesday 15 March 2022.
    const startsAt = at(MX, 2022, 3, 15, 10);
    const now = at(MX, 2022, 3, 1, 9);
    expect(formatAppointmentTime({ startsAt, now, timeZone: MX, locale: "es" })).toMatchObject({
      dateTime: "martes 15 de marzo, 10:00 a.m.",
      time: "10:00 a.m.",
    });
    expect(formatAppointmentTime({ startsAt, now, timeZone: MX, locale: "en" })).toMatchObject({
      dateTime: "Tuesday, March 15 at 10:00 AM",
      time: "10:00 AM",
    });
  });

  it("writes afternoon and just-after-midnight times on the 12 h clock", () => {
    const now = at(MX, 2026, 3, 1, 9);
    const time = (startsAt: Date, locale: "es" | "en") => formatAppointmentTime({ startsAt, now, timeZone: MX, locale }).time;
    expect(time(at(MX, 2026, 3, 17, 13, 5), "es")).toBe("1:05 p.m.");
    expect(time(at(MX, 2026, 3, 17, 13, 5), "en")).toBe("1:05 PM");
    expect(time(at(MX, 2026, 3, 17, 0, 30), "es")).toBe("12:30 a.m.");
    expect(time(at(MX, 2026, 3, 17, 0, 30), "en")).toBe("12:30 AM");
  });

  it("gives Spanish the hour's article: a la 1:05 p.m., a las 10:00 a.m.; English none", () => {
    const now = at(MX, 2026, 3, 1, 9);
    const withArticle = (hour: number, locale: "es" | "en") =>
      formatAppointmentTime({ startsAt: at(MX, 2026, 3, 17, hour, 5), now, timeZone: MX, locale }).timeWithArticle;
    expect(withArticle(13, "es")).toBe("la 1:05 p.m.");
    expect(withArticle(1, "es")).toBe("la 1:05 a.m.");
    expect(withArticle(10, "es")).toBe("las 10:05 a.m.");
    expect(withArticle(11, "es")).toBe("las 11:05 a.m.");
    expect(withArticle(12, "es")).toBe("las 12:05 p.m.");
    expect(withArticle(13, "en")).toBe("1:05 PM");
  });

  it("keeps the Spanish time ending in a period (templates end a sentence with it and add none)", () => {
    for (let hour = 0; hour < 24; hour++) {
      const { time, dateTime } = formatAppointmentTime({
        startsAt: at(MX, 2026, 3, 17, hour, 15),
        now: at(MX, 2026, 3, 1, 9),
        timeZone: MX,
        locale: "es",
      });
      expect(time).toMatch(/^\d{1,2}:15 [ap]\.m\.$/);
      expect(dateTime.endsWith(time)).toBe(true);
    }
  });
});

describe("formatAppointmentTime: day phrase", () => {
  const phrase = (startsAt: Date, now: Date, locale: "es" | "en", timeZone = MX) =>
    formatAppointmentTime({ startsAt, now, timeZone, locale }).dayPhrase;

  it("says today, tomorrow, or the weekday and date", () => {
    const startsAt = at(MX, 2022, 3, 15, 10); // a Tuesday
    expect(phrase(startsAt, at(MX, 2022, 3, 15, 8), "es")).toBe("hoy");
    expect(phrase(startsAt, at(MX, 2022, 3, 15, 8), "en")).toBe("today");
    expect(phrase(startsAt, at(MX, 2022, 3, 14, 10), "es")).toBe("mañana");
    expect(phrase(startsAt, at(MX, 2022, 3, 14, 10), "en")).toBe("tomorrow");
    expect(phrase(startsAt, at(MX, 2022, 3, 13, 10), "es")).toBe("el martes 15 de marzo");
    expect(phrase(startsAt, at(MX, 2022, 3, 13, 10), "en")).toBe("on Tuesday, March 15");
  });

  it("counts calendar days in the clinic's zone, not 24 h periods", () => {
    // 23:30 tonight → 00:30 tomorrow: one hour away, but tomorrow.
    expect(phrase(at(MX, 2026, 3, 17, 0, 30), at(MX, 2026, 3, 16, 23, 30), "es")).toBe("mañana");
    // 00:10 → 23:50 the same day: almost a day away, still today.
    expect(phrase(at(MX, 2026, 3, 17, 23, 50), at(MX, 2026, 3, 17, 0, 10), "en")).toBe("today");
    // 00:10 → 23:00 the next day: 47 h away, tomorrow.
    expect(phrase(at(MX, 2026, 3, 18, 23), at(MX, 2026, 3, 17, 0, 10), "en")).toBe("tomorrow");
    // 23:59 → 00:01 two days later: 24 h 2 min away, not tomorrow.
    expect(phrase(at(MX, 2026, 3, 17, 0, 1), at(MX, 2026, 3, 15, 23, 59), "es")).toBe("el martes 17 de marzo");
  });

  it("is not fooled by UTC midnight", () => {
    // 18:30 in Mexico City is 00:30 UTC the next day; a 10:00 visit the next local day is "tomorrow"
    // even though both instants share a UTC date.
    const now = new Date("2026-03-17T00:30:00Z");
    const startsAt = new Date("2026-03-17T16:00:00Z");
    expect(phrase(startsAt, now, "es")).toBe("mañana");
    // 17:00 local (23:00 UTC) → 19:00 local (01:00 UTC the next day): different UTC dates, same local day.
    expect(phrase(new Date("2026-03-18T01:00:00Z"), new Date("2026-03-17T23:00:00Z"), "en")).toBe("today");
  });

  it("follows Tijuana across the spring-forward change (2026-03-08)", () => {
    // 10:00 PST on the 7th → 10:00 PDT on the 8th is only 23 h, and it is tomorrow at 10:00.
    const startsAt = at(TIJUANA, 2026, 3, 8, 10);
    const now = at(TIJUANA, 2026, 3, 7, 10);
    expect(startsAt.getTime() - now.getTime()).toBe(23 * 3600_000);
    expect(formatAppointmentTime({ startsAt, now, timeZone: TIJUANA, locale: "es" })).toMatchObject({
      dayPhrase: "mañana",
      time: "10:00 a.m.",
      dateTime: "domingo 8 de marzo, 10:00 a.m.",
    });
    // 23:30 on the 7th → 00:30 on the 9th is exactly 24 h, and it is not tomorrow.
    const later = at(TIJUANA, 2026, 3, 9, 0, 30);
    const lateNow = at(TIJUANA, 2026, 3, 7, 23, 30);
    expect(later.getTime() - lateNow.getTime()).toBe(24 * 3600_000);
    expect(phrase(later, lateNow, "en", TIJUANA)).toBe("on Monday, March 9");
  });

  it("follows Tijuana across the fall-back change (2026-11-01)", () => {
    // 23:30 PDT on 31 Oct → 23:30 PST on 1 Nov is 25 h, and it is tomorrow.
    const startsAt = at(TIJUANA, 2026, 11, 1, 23, 30);
    const now = at(TIJUANA, 2026, 10, 31, 23, 30);
    expect(startsAt.getTime() - now.getTime()).toBe(25 * 3600_000);
    expect(formatAppointmentTime({ startsAt, now, timeZone: TIJUANA, locale: "en" })).toMatchObject({
      dayPhrase: "tomorrow",
      time: "11:30 PM",
      dateTime: "Sunday, November 1 at 11:30 PM",
    });
    // The same UTC hour reads an hour earlier on the clinic's clock after the change.
    const before = new Date("2026-10-31T17:00:00Z");
    const after = new Date("2026-11-02T17:00:00Z");
    const time = (startsAt: Date) => formatAppointmentTime({ startsAt, now: before, timeZone: TIJUANA, locale: "es" }).time;
    expect(time(before)).toBe("10:00 a.m.");
    expect(time(after)).toBe("9:00 a.m.");
  });

  it("shows the clinic's wall clock: the same instant in Mexico City and Tijuana", () => {
    const startsAt = new Date("2026-03-17T16:00:00Z");
    const now = new Date("2026-03-16T16:00:00Z");
    expect(formatAppointmentTime({ startsAt, now, timeZone: MX, locale: "en" }).time).toBe("10:00 AM");
    expect(formatAppointmentTime({ startsAt, now, timeZone: TIJUANA, locale: "en" }).time).toBe("9:00 AM");
  });
});

describe("formatAppointmentTime: plain spaces", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("replaces narrow and ordinary no-break spaces", () => {
    expect(toPlainSpaces("10:00\u202fAM")).toBe("10:00 AM");
    expect(toPlainSpaces("10:00\u00a0a.m.")).toBe("10:00 a.m.");
  });

  it("gives plain spaces even when ICU emits U+202F", () => {
    // Some ICU versions put a narrow no-break space before AM/PM; simulate one that does everywhere.
    const RealFormat = Intl.DateTimeFormat;
    class NarrowSpaceFormat extends RealFormat {
      format(date?: Date | number) {
        return super.format(date).replaceAll(" ", "\u202f");
      }
      formatToParts(date?: Date | number) {
        return super.formatToParts(date).map((part) => ({ ...part, value: part.value.replaceAll(" ", "\u202f") }));
      }
    }
    vi.stubGlobal("Intl", Object.create(Intl, { DateTimeFormat: { value: NarrowSpaceFormat } }));
    expect(new Intl.DateTimeFormat("en-US", { hour: "numeric" }).format(0)).toContain("\u202f");

    const startsAt = at(MX, 2022, 3, 15, 10);
    const now = at(MX, 2022, 3, 1, 9);
    const es = formatAppointmentTime({ startsAt, now, timeZone: MX, locale: "es" });
    const en = formatAppointmentTime({ startsAt, now, timeZone: MX, locale: "en" });
    expect(es).toEqual({
      date: "15 de marzo, 2022",
      dateTime: "martes 15 de marzo, 10:00 a.m.",
      time: "10:00 a.m.",
      timeWithArticle: "las 10:00 a.m.",
      dayPhrase: "el martes 15 de marzo",
    });
    expect(en).toEqual({
      date: "March 15, 2022",
      dateTime: "Tuesday, March 15 at 10:00 AM",
      time: "10:00 AM",
      timeWithArticle: "10:00 AM",
      dayPhrase: "on Tuesday, March 15",
    });
  });

  it("never returns a no-break space for any hour, zone or locale", () => {
    for (const timeZone of [MX, TIJUANA]) {
      for (const locale of ["es", "en"] as const) {
        for (let hour = 0; hour < 24; hour++) {
          const phrases = formatAppointmentTime({
            startsAt: at(timeZone, 2026, 11, 1, hour, 45),
            now: at(timeZone, 2026, 10, 31, 12),
            timeZone,
            locale,
          });
          expect(Object.values(phrases).join("|")).not.toMatch(/[\u00a0\u2007\u202f]/);
        }
      }
    }
  });
});
