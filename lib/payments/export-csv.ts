import { stringify } from "csv-stringify/sync";
import type { Locale } from "@/db/schema";
import { neutralizeFormula } from "@/lib/message-log/export-csv";
import { toZonedInputValue } from "@/lib/dates";
import type { PendingChargeRow } from "./balances";
import { toMoneyInputValue } from "./money";

export const PENDING_CSV_COLUMNS = [
  "patient",
  "visit",
  "doctor",
  "concept",
  "currency",
  "amount",
  "collected",
  "balance",
  "dueDate",
  "state",
  "chargeId",
] as const;
export type PendingCsvColumn = (typeof PENDING_CSV_COLUMNS)[number];

/**
 * The pending list as CSV: amounts as plain decimals ("850.00") beside their currency so a spreadsheet
 * can sum them, the visit on the clinic's wall clock, formula-looking cells neutralized. With a BOM so
 * Excel reads the accents.
 */
export function pendingChargesCsv(params: {
  rows: PendingChargeRow[];
  timeZone: string;
  headers: Record<PendingCsvColumn, string>;
  stateLabel: (state: PendingChargeRow["state"]) => string;
  locale: Locale;
}): string {
  const { rows, timeZone, headers } = params;
  const body = rows.map((row) => ({
    patient: neutralizeFormula(`${row.patientFirstName} ${row.patientLastName}`),
    visit: toZonedInputValue(row.visitStartsAt, timeZone).replace("T", " "),
    doctor: neutralizeFormula(row.doctorName),
    concept: neutralizeFormula(row.concept),
    currency: row.currency,
    amount: toMoneyInputValue(row.amountMinor, row.currency),
    collected: toMoneyInputValue(row.collectedMinor, row.currency),
    balance: toMoneyInputValue(row.balanceMinor, row.currency),
    dueDate: row.dueDate ?? "",
    state: params.stateLabel(row.state),
    chargeId: row.id,
  }));
  return (
    "\uFEFF" +
    stringify(body, { header: true, columns: PENDING_CSV_COLUMNS.map((key) => ({ key, header: headers[key] })), record_delimiter: "\r\n" })
  );
}
