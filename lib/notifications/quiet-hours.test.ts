import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_QUIET_HOURS, formatMinuteOfDay, inQuietWindow, quietHoursEnd, timeOfDaySchema, type QuietHours } from "./quiet-hours";

const TIJUANA = "America/Tijuana";
const MEXICO_CITY = "America/Mexico_City";
const end = (at: string, timeZone = TIJUANA, quietHours: QuietHours = DEFAULT_QUIET_HOURS) =>
  quietHoursEnd({ at: new Date(at), timeZone, quietHours })?.toISOString() ?? null;

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

/** The process's own zone must not matter: every case runs under UTC and under two other zones. */
const PROCESS_ZONES = ["UTC", "Asia/Tokyo", "America/Tijuana"];

describe.each(PROCESS_ZONES)("quietHoursEnd with TZ=%s", (tz) => {
  it("holds a message due at night until 08:00 the next morning on the clinic's clock", () => {
    process.env.TZ = tz;
    // 22:30 on Wednesday 25 Nov in Tijuana (PST, UTC−8) → 08:00 on Thursday.
    expect(end("2026-11-26T06:30:00Z")).toBe("2026-11-26T16:00:00.000Z");
    // 03:00 after midnight → 08:00 the same day.
    expect(end("2026-11-26T11:00:00Z")).toBe("2026-11-26T16:00:00.000Z");
    // Mexico City (UTC−6, no DST since 2022): 21:00 sharp is inside, 08:00 sharp is outside.
    expect(end("2026-11-26T03:00:00Z", MEXICO_CITY)).toBe("2026-11-26T14:00:00.000Z");
    expect(end("2026-11-26T14:00:00Z", MEXICO_CITY)).toBeNull();
    expect(end("2026-11-26T02:59:00Z", MEXICO_CITY)).toBeNull(); // 20:59
  });

  it("ends at 08:00 PDT on the night the clocks spring forward (a 10-hour night)", () => {
    process.env.TZ = tz;
    // Sat 7 Mar 2026 21:00 PST = 05:00Z Sun; clocks jump 02:00 → 03:00; 08:00 PDT = 15:00Z.
    expect(end("2026-03-08T05:00:00Z")).toBe("2026-03-08T15:00:00.000Z");
    // 03:30 PDT, right after the jump.
    expect(end("2026-03-08T10:30:00Z")).toBe("2026-03-08T15:00:00.000Z");
    // 01:59 PST, right before it.
    expect(end("2026-03-08T09:59:00Z")).toBe("2026-03-08T15:00:00.000Z");
  });

  it("ends at 08:00 PST on the night the clocks fall back (a 12-hour night), from either 01:30", () => {
    process.env.TZ = tz;
    // Sat 31 Oct 21:00 PDT = 04:00Z; 08:00 PST on Sun 1 Nov = 16:00Z.
    expect(end("2026-11-01T04:00:00Z")).toBe("2026-11-01T16:00:00.000Z");
    expect(end("2026-11-01T08:30:00Z")).toBe("2026-11-01T16:00:00.000Z"); // 01:30 PDT
    expect(end("2026-11-01T09:30:00Z")).toBe("2026-11-01T16:00:00.000Z"); // 01:30 PST, an hour later
    // 08:00 PST itself is outside.
    expect(end("2026-11-01T16:00:00Z")).toBeNull();
  });

  it("moves an end that falls in the spring-forward gap to the first instant after it", () => {
    process.env.TZ = tz;
    // A window 23:00–02:30: 02:30 does not exist on 8 Mar 2026 in Tijuana; 03:30 PDT (10:30Z) does.
    const quiet = { enabled: true, startMinute: 23 * 60, endMinute: 2 * 60 + 30 };
    expect(end("2026-03-08T08:30:00Z", TIJUANA, quiet)).toBe("2026-03-08T10:30:00.000Z"); // 00:30 PST
  });

  it("handles a daytime window, an empty one and a disabled one", () => {
    process.env.TZ = tz;
    const lunch = { enabled: true, startMinute: 13 * 60, endMinute: 15 * 60 };
    expect(end("2026-11-25T22:00:00Z", TIJUANA, lunch)).toBe("2026-11-25T23:00:00.000Z"); // 14:00 → 15:00
    expect(end("2026-11-25T20:59:00Z", TIJUANA, lunch)).toBeNull(); // 12:59
    expect(end("2026-11-26T06:30:00Z", TIJUANA, { ...DEFAULT_QUIET_HOURS, enabled: false })).toBeNull();
    expect(end("2026-11-26T06:30:00Z", TIJUANA, { enabled: true, startMinute: 600, endMinute: 600 })).toBeNull();
  });
});

describe("quiet hours values", () => {
  it("reads and writes the form's HH:MM", () => {
    expect(timeOfDaySchema.parse("21:00")).toBe(1260);
    expect(timeOfDaySchema.parse("08:05")).toBe(485);
    expect(formatMinuteOfDay(485)).toBe("08:05");
    for (const bad of ["24:00", "8:00", "08:60", "", "noon"]) expect(timeOfDaySchema.safeParse(bad).success).toBe(false);
  });

  it("treats the window as half-open and wrapping past midnight", () => {
    expect(inQuietWindow(21 * 60, DEFAULT_QUIET_HOURS)).toBe(true);
    expect(inQuietWindow(0, DEFAULT_QUIET_HOURS)).toBe(true);
    expect(inQuietWindow(8 * 60 - 1, DEFAULT_QUIET_HOURS)).toBe(true);
    expect(inQuietWindow(8 * 60, DEFAULT_QUIET_HOURS)).toBe(false);
    expect(inQuietWindow(21 * 60 - 1, DEFAULT_QUIET_HOURS)).toBe(false);
  });
});
