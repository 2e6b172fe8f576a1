import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone } from "./phone";

describe("normalizePhone", () => {
  it.each([
    ["55 1234 5678"],
    ["5512345678"],
    ["(55) 1234-5678"],
    ["+52 55 1234 5678"],
    ["+52 1 55 1234 5678"],
    ["+5215512345678"],
    ["044 55 1234 5678"],
    ["045 55 1234 5678"],
    ["01 55 1234 5678"],
    ["0052 55 1234 5678"],
    ["whatsapp:+5215512345678"],
    ["521 55 1234 5678"],
  ])("turns the Mexican input %j into +525512345678", (input) => {
    expect(normalizePhone(input)).toBe("+525512345678");
  });

  it("keeps other Mexican area codes (Guadalajara, Monterrey)", () => {
    expect(normalizePhone("33 3616 1234")).toBe("+523336161234");
    expect(normalizePhone("81 8123 4567")).toBe("+528181234567");
  });

  it("accepts a foreign number written internationally", () => {
    expect(normalizePhone("+1 (415) 555-2671")).toBe("+14155552671");
  });

  it.each([[""], ["   "], ["12345"], ["55 1234 567"], ["55 1234 56789"], ["abc"], ["55-1234-abcd"], ["+52 05 1234 5678"]])(
    "rejects %j",
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );

  it("formats E.164 for display", () => {
    expect(formatPhone("+525512345678")).toBe("+52 55 1234 5678");
  });
});
