import { describe, expect, it } from "vitest";
import { formatDuration, formatNumber, formatPercent, formatPoints } from "./format";

describe("results number formatting", () => {
  it("writes percents, points and numbers per locale", () => {
    expect(formatPercent(2 / 7, "en")).toBe("28.6%");
    expect(formatPercent(2 / 7, "es")).toBe("28.6%");
    expect(formatPoints(-0.1, "en")).toBe("-10");
    expect(formatPoints(0.025, "es")).toBe("+2.5");
    expect(formatPoints(0, "en")).toBe("0");
    expect(formatNumber(1234.5, "en", 1)).toBe("1,234.5");
    expect(formatNumber(1234.5, "es", 1)).toBe("1,234.5");
  });

  it("writes durations in minutes, hours or days", () => {
    expect(formatDuration(1800, "en")).toBe("30 min");
    expect(formatDuration(3 * 3600 + 1800, "en")).toBe("3.5 hr");
    expect(formatDuration(3 * 3600 + 1800, "es")).toBe("3.5 h");
    expect(formatDuration(752_400, "es")).toBe("8.7 días");
    expect(formatDuration(-5400, "en", { signed: true })).toBe("-90 min");
  });
});
