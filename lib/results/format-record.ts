import type { Currency, Locale } from "@/db/schema";
import { toZonedInputValue } from "@/lib/dates";
import { formatMoney } from "@/lib/payments/money";
import { formatNumber } from "./format";
import type { RecordValue } from "./records";

/** What a drill-down cell needs to be written (the page and the CSV write them the same way). */
export interface RecordFormatContext {
  locale: Locale;
  timeZone: string;
  currency: Currency;
  /** Labels: yes/no, no answer, outcome, message type, channel and status names (a slot's or a message's, per list). */
  label: (group: "yes" | "no" | "noAnswer" | "outcome" | "type" | "channel" | "status", value?: string) => string;
}

/** "2026-11-26 10:00" on the clinic's clock. */
export function formatRecordTime(at: Date, timeZone: string) {
  return toZonedInputValue(at, timeZone).replace("T", " ");
}

/** One cell of a drill-down list, as text. */
export function formatRecordValue(column: string, value: RecordValue, ctx: RecordFormatContext): string {
  if (column === "score") return value === null ? ctx.label("noAnswer") : String(value);
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return formatRecordTime(value, ctx.timeZone);
  if (typeof value === "boolean") return ctx.label(value ? "yes" : "no");
  if (column === "amount" || column === "paid")
    return formatMoney({ amountMinor: Number(value), currency: ctx.currency, locale: ctx.locale });
  if (column === "minutes") return formatNumber(Number(value), ctx.locale, 1);
  if (column === "outcome") return ctx.label("outcome", String(value));
  if (column === "type" || column === "channel") return ctx.label(column, String(value));
  if (column === "status") return ctx.label("status", String(value));
  return String(value);
}
