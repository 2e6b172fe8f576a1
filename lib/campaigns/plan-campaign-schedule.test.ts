import { describe, expect, it } from "vitest";
import { DEFAULT_QUIET_HOURS } from "@/lib/notifications/quiet-hours";
import { planCampaignSchedule, sendAtOfIndex, sendWindowProblem } from "./plan-campaign-schedule";

const MX = "America/Mexico_City";
const window = { startMinute: 600, endMinute: 1140 };
const plan = (extra: Partial<Parameters<typeof planCampaignSchedule>[0]>) =>
  planCampaignSchedule({
    recipients: 10,
    start: new Date("2026-11-25T16:00:00Z"),
    timeZone: MX,
    window,
    dailyCap: 250,
    pricePerMessageCents: 0,
    ...extra,
  });

describe("planCampaignSchedule", () => {
  it("spreads a big campaign over days at the daily cap, each day at the same time, and prices it", () => {
    // 10:00 in Mexico City: inside the window, so the first day starts now.
    const p = plan({ recipients: 5000, dailyCap: 2000, pricePerMessageCents: 85 });
    expect(p.days.map((d) => [d.day, d.count, d.sendAt.toISOString()])).toEqual([
      ["2026-11-25", 2000, "2026-11-25T16:00:00.000Z"],
      ["2026-11-26", 2000, "2026-11-26T16:00:00.000Z"],
      ["2026-11-27", 1000, "2026-11-27T16:00:00.000Z"],
    ]);
    expect(p.estimatedCostCents).toBe(5000 * 85);
    expect(p.recipients).toBe(5000);
    expect(sendAtOfIndex(p, 0)).toEqual(p.days[0].sendAt);
    expect(sendAtOfIndex(p, 1999)).toEqual(p.days[0].sendAt);
    expect(sendAtOfIndex(p, 2000)).toEqual(p.days[1].sendAt);
    expect(sendAtOfIndex(p, 4999)).toEqual(p.days[2].sendAt);
    expect(sendAtOfIndex(p, 5000)).toBeNull();
  });

  it("waits for the window to open, moves past its close to the next morning, and keeps a mid-window start's time of day", () => {
    // 08:00 → 10:00 the same day.
    expect(plan({ start: new Date("2026-11-25T14:00:00Z") }).firstSendAt).toEqual(new Date("2026-11-25T16:00:00Z"));
    // 20:00 → 10:00 the next day.
    expect(plan({ start: new Date("2026-11-26T02:00:00Z") }).firstSendAt).toEqual(new Date("2026-11-26T16:00:00Z"));
    // 15:30: the first day at 15:30, the next at 15:30 too (no 24 h span holds more than the cap).
    const late = plan({ start: new Date("2026-11-25T21:30:00Z"), recipients: 3, dailyCap: 2 });
    expect(late.days.map((d) => d.sendAt.toISOString())).toEqual(["2026-11-25T21:30:00.000Z", "2026-11-26T21:30:00.000Z"]);
  });

  it("counts what was already sent today against today's cap (a resumed campaign)", () => {
    const p = plan({ recipients: 3, dailyCap: 2, firstDayCapacity: 0 });
    expect(p.days.map((d) => [d.day, d.count])).toEqual([
      ["2026-11-26", 2],
      ["2026-11-27", 1],
    ]);
    expect(plan({ recipients: 3, dailyCap: 2, firstDayCapacity: 1 }).days.map((d) => d.count)).toEqual([1, 2]);
  });

  it("keeps the clinic's wall clock across a DST change (Tijuana, 1 Nov 2026)", () => {
    const p = planCampaignSchedule({
      recipients: 3,
      start: new Date("2026-10-31T17:00:00Z"), // 10:00 PDT
      timeZone: "America/Tijuana",
      window,
      dailyCap: 1,
      pricePerMessageCents: 0,
    });
    // 10:00 local each day: 10:00 PDT (UTC−7), then 10:00 PST (UTC−8).
    expect(p.days.map((d) => d.sendAt.toISOString())).toEqual([
      "2026-10-31T17:00:00.000Z",
      "2026-11-01T18:00:00.000Z",
      "2026-11-02T18:00:00.000Z",
    ]);
  });

  it("an empty audience plans nothing and costs nothing", () => {
    expect(plan({ recipients: 0, pricePerMessageCents: 85 })).toMatchObject({ days: [], firstSendAt: null, estimatedCostCents: 0 });
  });
});

describe("sendWindowProblem", () => {
  it("refuses a backwards window and one that reaches into quiet hours", () => {
    expect(sendWindowProblem(window, DEFAULT_QUIET_HOURS)).toBeNull();
    expect(sendWindowProblem({ startMinute: 7 * 60, endMinute: 19 * 60 }, DEFAULT_QUIET_HOURS)).toBe("windowInQuietHours");
    expect(sendWindowProblem({ startMinute: 10 * 60, endMinute: 22 * 60 }, DEFAULT_QUIET_HOURS)).toBe("windowInQuietHours");
    expect(sendWindowProblem({ startMinute: 19 * 60, endMinute: 10 * 60 }, DEFAULT_QUIET_HOURS)).toBe("windowOrder");
    expect(sendWindowProblem({ startMinute: 7 * 60, endMinute: 22 * 60 }, { ...DEFAULT_QUIET_HOURS, enabled: false })).toBeNull();
  });
});
