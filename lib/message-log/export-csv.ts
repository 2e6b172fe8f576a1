import { stringify } from "csv-stringify/sync";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries } from "@/db/schema";
import { toZonedInputValue } from "@/lib/dates";
import { cursorSchema, type LogFilters, type LogSort } from "./schemas";
import { cursorOf, findFilterPatientIds, selectLogRows, type LogRow } from "./queries";
import type { LogLabels } from "./labels";

/** Rows per database round trip: one keyset page, so memory stays flat whatever the export's size. */
export const CSV_BATCH_SIZE = 1_000;

export const CSV_COLUMNS = [
  "time",
  "timeZone",
  "patient",
  "phone",
  "type",
  "channel",
  "status",
  "reason",
  "attempts",
  "simulated",
  "providerId",
  "deliveryId",
  "sentSubject",
  "sentText",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * A cell that starts like a formula (= + - @, tab, CR) would run as one in Excel or Sheets (CSV
 * injection): staff type patients' names, so such a cell gets a leading apostrophe.
 */
export function neutralizeFormula(value: string) {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The words recorded at send time (empty for a message not sent, or sent before they were recorded). */
type SentText = { sentSubject: string | null; sentBody: string | null };

function toRecord(
  row: LogRow,
  sent: SentText | undefined,
  params: { labels: LogLabels; timeZone: string; yes: string; no: string },
): string[] {
  const { labels, timeZone } = params;
  return [
    toZonedInputValue(row.sendAt, timeZone).replace("T", " "),
    timeZone,
    row.patientFirstName,
    // Masked as on screen: the export is for auditing deliveries, not for harvesting numbers.
    row.patientPhoneLast4 ? `•••• ${row.patientPhoneLast4}` : "",
    labels.type(row.notificationType),
    labels.channel(row.channel),
    labels.status(row.status),
    labels.reason(row.channel, row.errorCode) ?? "",
    String(row.attempts),
    row.simulated ? params.yes : params.no,
    row.providerMessageId ?? "",
    row.id,
    sent?.sentSubject ?? "",
    sent?.sentBody ?? "",
  ];
}

/** The sent text of one page of rows, in one query (the list's query stays as narrow as the screen needs). */
async function loadSentText(db: Db, params: { clinicId: string; ids: string[] }): Promise<Map<string, SentText>> {
  if (params.ids.length === 0) return new Map();
  const rows = await db
    .select({ id: deliveries.id, sentSubject: deliveries.sentSubject, sentBody: deliveries.sentBody })
    .from(deliveries)
    .where(and(eq(deliveries.clinicId, params.clinicId), inArray(deliveries.id, params.ids)));
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * The CSV of a filtered log, every matching row in the view's sort, as a stream of UTF-8 chunks. Each
 * pull reads one keyset page (never OFFSET, never the whole result), so the first bytes leave after
 * one page and 100,000 rows cost what one page costs in memory. A BOM first, so Excel reads the
 * accents as UTF-8; RFC 4180 quoting by csv-stringify.
 */
export function streamLogCsv(
  db: Db,
  params: {
    clinicId: string;
    timeZone: string;
    filters: LogFilters;
    sort: LogSort;
    labels: LogLabels;
    headers: Record<CsvColumn, string>;
    yes: string;
    no: string;
    batchSize?: number;
  },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batchSize = params.batchSize ?? CSV_BATCH_SIZE;
  const csv = (records: string[][]) => stringify(records, { cast: { string: neutralizeFormula }, record_delimiter: "\r\n" });
  let cursor: string | undefined;
  let started = false;
  let patientIds: string[] | undefined;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        if (params.filters.patient)
          patientIds = await findFilterPatientIds(db, { clinicId: params.clinicId, text: params.filters.patient });
        controller.enqueue(encoder.encode(`\uFEFF${csv([CSV_COLUMNS.map((column) => params.headers[column])])}`));
      }
      const rows = await selectLogRows(db, {
        clinicId: params.clinicId,
        timeZone: params.timeZone,
        filters: params.filters,
        sort: params.sort,
        cursor: cursor ? cursorSchema.parse(cursor) : undefined,
        limit: batchSize,
        patientIds,
      });
      if (rows.length) {
        const sent = await loadSentText(db, { clinicId: params.clinicId, ids: rows.map((row) => row.id) });
        controller.enqueue(encoder.encode(csv(rows.map((row) => toRecord(row, sent.get(row.id), params)))));
      }
      if (rows.length < batchSize) controller.close();
      else cursor = cursorOf(rows[rows.length - 1], params.sort);
    },
  });
}
