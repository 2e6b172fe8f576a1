import { describe, expect, it } from "vitest";
import { resolvePeriod } from "./period";

// Thursday 3 Dec 2026, 07:30 UTC = Wednesday 2 Dec 23:30 in Tijuana (UTC-8, standard time since 1 Nov).
const NOW = new Date("2026-12-03T07:30:00Z");

describe("resolvePeriod", () => {
  it("ends the last N days today on the clinic's clock, between local midnights, with the previous N days before", () => {
    const p = resolvePeriod({ period: "7d", now: NOW, timeZone: "America/Tijuana" });
    expect(p).toMatchObject({ key: "7d", firstDay: "2026-11-26", lastDay: "2026-12-02", days: 7 });
    expect(p.from.toISOString()).toBe("2026-11-26T08:00:00.000Z");
    expect(p.to.toISOString()).toBe("2026-12-03T08:00:00.000Z");
    expect(p.previous.from.toISOString()).toBe("2026-11-19T08:00:00.000Z");
    expect(p.previous.to.toISOString()).toBe(p.from.toISOString());
    expect(p.previous).toMatchObject({ firstDay: "2026-11-19", lastDay: "2026-11-25" });
    // Same instant in Mexico City (UTC-6) is already Thursday.
    expect(resolvePeriod({ period: "7d", now: NOW, timeZone: "America/Mexico_City" }).lastDay).toBe("2026-12-03");
  });

  it("keeps local midnights across Tijuana's DST change (the 30 days before 1 Dec span the 1 Nov fall-back)", () => {
    const p = resolvePeriod({ period: "30d", now: NOW, timeZone: "America/Tijuana" });
    expect(p.firstDay).toBe("2026-11-03");
    expect(p.previous.firstDay).toBe("2026-10-04");
    // 4 Oct 00:00 PDT (UTC-7) = 07:00Z; 3 Nov 00:00 PST (UTC-8) = 08:00Z: the previous period is an hour longer.
    expect(p.previous.from.toISOString()).toBe("2026-10-04T07:00:00.000Z");
    expect(p.previous.to.toISOString()).toBe("2026-11-03T08:00:00.000Z");
  });

  it("takes a valid custom range, inclusive, and falls back to the last 30 days on anything malformed", () => {
    const custom = resolvePeriod({ period: "custom", from: "2026-02-01", to: "2026-02-28", now: NOW, timeZone: "America/Mexico_City" });
    expect(custom).toMatchObject({ key: "custom", days: 28, firstDay: "2026-02-01", lastDay: "2026-02-28" });
    expect(custom.previous).toMatchObject({ firstDay: "2026-01-04", lastDay: "2026-01-31" });
    for (const bad of [
      { period: "custom", from: "2026-02-30", to: "2026-03-01" },
      { period: "custom", from: "2026-03-01", to: "2026-02-01" },
      { period: "custom", from: "2024-01-01", to: "2026-01-01" },
      { period: "custom" },
      { period: "1y" },
      {},
    ]) {
      expect(resolvePeriod({ ...bad, now: NOW, timeZone: "America/Mexico_City" })).toMatchObject({
        key: "30d",
        days: 30,
        lastDay: "2026-12-03",
      });
    }
  });
});
