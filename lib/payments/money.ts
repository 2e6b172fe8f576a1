import type { Currency, Locale } from "@/db/schema";

/** The BCP 47 tag Luna formats numbers in for each UI language (Mexican Spanish, US English). */
const NUMBER_LOCALE: Record<Locale, string> = { es: "es-MX", en: "en-US" };

/** Minor units per major unit of each currency (both have 2 decimals: centavos, cents). */
export const MINOR_DIGITS: Record<Currency, number> = { MXN: 2, USD: 2 };

/** The largest amount staff may enter for one charge or payment: 1,000,000.00 (far below int4). */
export const MAX_AMOUNT_MINOR = 100_000_000;

/**
 * Money as patients and staff read it, the same in both languages so a peso is never taken for a dollar:
 * MXN as "$850.00 MXN", USD as "US$85.00". Grouping and decimals follow the locale (Intl.NumberFormat).
 */
export function formatMoney(params: { amountMinor: number; currency: Currency; locale: Locale }): string {
  const { amountMinor, currency, locale } = params;
  if (!Number.isSafeInteger(amountMinor)) throw new Error(`formatMoney: amountMinor must be an integer, got ${amountMinor}`);
  const digits = MINOR_DIGITS[currency];
  const format = new Intl.NumberFormat(NUMBER_LOCALE[locale], {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const text = format
    .formatToParts(amountMinor / 10 ** digits)
    .map((part) => (part.type === "currency" ? (currency === "USD" ? "US$" : "$") : part.value))
    .join("");
  return currency === "MXN" ? `${text} MXN` : text;
}

export type ParseMoneyError = "required" | "invalid" | "tooManyDecimals" | "notPositive" | "tooLarge";
export type ParsedMoney = { ok: true; amountMinor: number } | { ok: false; error: ParseMoneyError };

/**
 * Staff input ("850", "850.5", "1,250.00", "$1,250") to integer minor units, without floating point:
 * the digits are read as text. A comma is only a thousands separator (es-MX writes 1,250.50), so
 * "850,50" is refused rather than read as 85,050. Zero, negative, more decimals than the currency has,
 * or more than MAX_AMOUNT_MINOR are refused with a code the form localizes.
 */
export function parseMoneyInput(input: unknown, currency: Currency): ParsedMoney {
  if (typeof input !== "string" && typeof input !== "number") return { ok: false, error: "required" };
  const text = String(input)
    .trim()
    .replace(/^(US)?\$\s*/i, "")
    .replace(/\s*(MXN|USD)$/i, "")
    .trim();
  if (text === "") return { ok: false, error: "required" };
  if (/^-/.test(text)) return { ok: false, error: "notPositive" };
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, error: "invalid" };
  const digits = MINOR_DIGITS[currency];
  const whole = match[1].replace(/,/g, "");
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return { ok: false, error: "tooManyDecimals" };
  if (whole.replace(/^0+/, "").length > 12) return { ok: false, error: "tooLarge" };
  const amountMinor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  if (amountMinor <= 0) return { ok: false, error: "notPositive" };
  if (amountMinor > MAX_AMOUNT_MINOR) return { ok: false, error: "tooLarge" };
  return { ok: true, amountMinor };
}

/** The value a money input is pre-filled with ("850.00"), no symbol, no grouping. */
export function toMoneyInputValue(amountMinor: number, currency: Currency): string {
  const digits = MINOR_DIGITS[currency];
  const whole = Math.floor(amountMinor / 10 ** digits);
  const fraction = String(amountMinor % 10 ** digits).padStart(digits, "0");
  return digits > 0 ? `${whole}.${fraction}` : String(whole);
}
