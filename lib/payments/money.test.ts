import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatMoney, MAX_AMOUNT_MINOR, parseMoneyInput, toMoneyInputValue } from "./money";

describe("formatMoney", () => {
  it("writes pesos as $850.00 MXN and dollars as US$85.00, in Spanish and in English", () => {
    expect(formatMoney({ amountMinor: 85_000, currency: "MXN", locale: "es" })).toBe("$850.00 MXN");
    expect(formatMoney({ amountMinor: 85_000, currency: "MXN", locale: "en" })).toBe("$850.00 MXN");
    expect(formatMoney({ amountMinor: 8_500, currency: "USD", locale: "es" })).toBe("US$85.00");
    expect(formatMoney({ amountMinor: 8_500, currency: "USD", locale: "en" })).toBe("US$85.00");
  });

  it("groups thousands and keeps the centavos", () => {
    expect(formatMoney({ amountMinor: 123_456_7, currency: "MXN", locale: "es" })).toBe("$12,345.67 MXN");
    expect(formatMoney({ amountMinor: 1, currency: "USD", locale: "en" })).toBe("US$0.01");
    expect(formatMoney({ amountMinor: 0, currency: "MXN", locale: "en" })).toBe("$0.00 MXN");
  });

  it("refuses a non-integer amount instead of rounding it", () => {
    expect(() => formatMoney({ amountMinor: 10.5, currency: "MXN", locale: "es" })).toThrow(/integer/);
  });
});

describe("parseMoneyInput", () => {
  it("reads staff input into integer minor units", () => {
    expect(parseMoneyInput("850", "MXN")).toEqual({ ok: true, amountMinor: 85_000 });
    expect(parseMoneyInput(" 850.5 ", "MXN")).toEqual({ ok: true, amountMinor: 85_050 });
    expect(parseMoneyInput("1,250.00", "MXN")).toEqual({ ok: true, amountMinor: 125_000 });
    expect(parseMoneyInput("$1,250", "MXN")).toEqual({ ok: true, amountMinor: 125_000 });
    expect(parseMoneyInput("US$85.99", "USD")).toEqual({ ok: true, amountMinor: 8_599 });
    expect(parseMoneyInput("850.00 MXN", "MXN")).toEqual({ ok: true, amountMinor: 85_000 });
    // 0.1 + 0.2 style float errors cannot happen: 19.99 is 1999 exactly.
    expect(parseMoneyInput("19.99", "USD")).toEqual({ ok: true, amountMinor: 1_999 });
  });

  it("refuses empty, non-numeric, zero, negative, too many decimals, a decimal comma and too large", () => {
    expect(parseMoneyInput("", "MXN")).toEqual({ ok: false, error: "required" });
    expect(parseMoneyInput(undefined, "MXN")).toEqual({ ok: false, error: "required" });
    expect(parseMoneyInput("abc", "MXN")).toEqual({ ok: false, error: "invalid" });
    expect(parseMoneyInput("12a", "MXN")).toEqual({ ok: false, error: "invalid" });
    expect(parseMoneyInput("1e3", "MXN")).toEqual({ ok: false, error: "invalid" });
    expect(parseMoneyInput("0", "MXN")).toEqual({ ok: false, error: "notPositive" });
    expect(parseMoneyInput("0.00", "MXN")).toEqual({ ok: false, error: "notPositive" });
    expect(parseMoneyInput("-5", "MXN")).toEqual({ ok: false, error: "notPositive" });
    expect(parseMoneyInput("10.001", "MXN")).toEqual({ ok: false, error: "tooManyDecimals" });
    expect(parseMoneyInput("850,50", "MXN")).toEqual({ ok: false, error: "invalid" });
    expect(parseMoneyInput("1,25", "MXN")).toEqual({ ok: false, error: "invalid" });
    expect(parseMoneyInput("1000000.01", "MXN")).toEqual({ ok: false, error: "tooLarge" });
    expect(parseMoneyInput("99999999999999999999", "MXN")).toEqual({ ok: false, error: "tooLarge" });
  });

  it("round-trips every amount through the input value staff see", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_AMOUNT_MINOR }),
        fc.constantFrom("MXN" as const, "USD" as const),
        (amountMinor, currency) => {
          expect(parseMoneyInput(toMoneyInputValue(amountMinor, currency), currency)).toEqual({ ok: true, amountMinor });
        },
      ),
    );
  });
});
