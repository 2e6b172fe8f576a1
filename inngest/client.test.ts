import { describe, expect, it } from "vitest";
import { inngestDevMode } from "./client";

describe("inngestDevMode", () => {
  it("is dev for INNGEST_DEV=1/true, cloud for 0/false, and the SDK's call otherwise", () => {
    expect(inngestDevMode("1")).toBe(true);
    expect(inngestDevMode(" TRUE ")).toBe(true);
    expect(inngestDevMode("0")).toBe(false);
    expect(inngestDevMode("false")).toBe(false);
    expect(inngestDevMode(undefined)).toBeUndefined();
    expect(inngestDevMode("http://localhost:8288")).toBeUndefined();
  });
});
