import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { NotificationType } from "@/db/schema/enums";
import type { Db } from "@/db/client";
import { deliveries, patients } from "@/db/schema";
import { zonedDateTime } from "@/lib/dates";
import { encodeCursor, LOG_PAGE_SIZE, type LogCursor, type LogFilters, type LogParams, type LogSort, type LogView } from "./schemas";

/**
 * The message log: every delivery of one clinic, filtered, sorted and paged on the server.
 *
 * Paging is keyset (seek), never OFFSET: a page is "the next n rows after this sort key", so page 2,000
 * costs what page 1 costs (docs/benchmarks.md). The sort key always ends in (send_at, id), which makes
 * it total: rows that share a time (or attempts and a time) keep one order and none is skipped or shown
 * twice. Each sort has an index that starts with clinic_id (db/schema/deliveries.ts).
 *
 * Only what the log shows leaves the database: the patient's first name and the last four digits of
 * the phone, never the whole number.
 */

export interface LogRow {
  id: string;
  sendAt: Date;
  notificationType: NotificationType;
  channel: (typeof deliveries.$inferSelect)["channel"];
  status: (typeof deliveries.$inferSelect)["status"];
  errorCode: string | null;
  /** For a row held by quiet hours: when it goes out. */
  nextAttemptAt: Date;
  attempts: number;
  simulated: boolean;
  providerMessageId: string | null;
  appointmentId: string | null;
  patientFirstName: string;
  /** Null for a patient reached by email only. */
  patientPhoneLast4: string | null;
  /** send_at in UTC with PostgreSQL's microseconds: the keyset cursor's time. */
  cursorTime: string;
}

export interface LogPage {
  rows: LogRow[];
  /** The cursor of the next page in the sort's direction (`after=`), when there is one. */
  nextCursor: string | null;
  /** The cursor of the page before this one (`before=`), when this is not the first page. */
  prevCursor: string | null;
  /** Matching rows, counted up to `countCap` (`capped` when there are more). */
  total: { count: number; capped: boolean };
}

/**
 * The total is counted only this far ("more than 1,000"): counting a broad filter to the end costs a scan
 * of every matching row (docs/benchmarks.md: ~100 ms for 10,000 at 1 M rows), and nobody pages that far.
 */
export const LOG_COUNT_CAP = 1_000;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The instants a date range (calendar dates on the clinic's wall clock, inclusive) covers: [from, to). */
export function dateRangeInstants(filters: Pick<LogFilters, "from" | "to">, timeZone: string) {
  const start = (date: string, plusDays = 0) => {
    const [year, month, day] = date.split("-").map(Number);
    // Date.UTC normalizes day overflow (31 + 1 → the 1st of next month) before the zone conversion.
    const next = new Date(Date.UTC(year, month - 1, day + plusDays));
    return zonedDateTime(timeZone, { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0 });
  };
  return { from: filters.from ? start(filters.from) : undefined, to: filters.to ? start(filters.to, 1) : undefined };
}

/**
 * The patient filter: a phone's digits (any part, e.g. the last four) when the text is digits, else a
 * name (first, last or both, any part, case- and accent-sensitive as typed). Scoped to the clinic.
 */
function patientMatch(text: string): SQL {
  const digits = text.replace(/[\s().+-]/g, "");
  return /^\d+$/.test(digits)
    ? sql`${patients.phone} like ${`%${escapeLike(digits)}%`}`
    : sql`(${patients.firstName} || ' ' || ${patients.lastName}) ilike ${`%${escapeLike(text.replace(/\s+/g, " "))}%`}`;
}

function patientCondition(clinicId: string, text: string, patientIds?: string[]): SQL {
  if (patientIds) return patientIds.length ? inArray(deliveries.patientId, patientIds) : sql`false`;
  return sql`${deliveries.patientId} in (select ${patients.id} from ${patients} where ${patients.clinicId} = ${clinicId} and ${patientMatch(text)})`;
}

/** Above this many matching patients the filter stays a subquery rather than a list of ids. */
const PATIENT_IDS_MAX = 1_000;

/**
 * The clinic's patients a patient filter matches, found once per request (the page's rows and its count,
 * or every batch of an export, then use the list instead of scanning patients again); undefined when
 * there are too many to list.
 */
export async function findFilterPatientIds(db: Db, params: { clinicId: string; text: string }): Promise<string[] | undefined> {
  const rows = await db
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.clinicId, params.clinicId), patientMatch(params.text)))
    .limit(PATIENT_IDS_MAX + 1);
  return rows.length > PATIENT_IDS_MAX ? undefined : rows.map((row) => row.id);
}

/**
 * What each view reads. The sent view's condition is written exactly as the predicate of its partial
 * index, deliveries_log_sent_idx (literals, not parameters, so the planner can prove the index applies
 * with any plan): newest first it reads past the future rows that are still scheduled without touching them.
 */
const VIEW_CONDITIONS = {
  sent: sql`${deliveries.status} not in ('scheduled', 'cancelled')`,
  upcoming: sql`${deliveries.status} = 'scheduled'`,
} satisfies Record<Exclude<LogView, "all">, SQL>;

/** The WHERE of a filtered log (no cursor): the clinic first, always. */
export function logConditions(params: { clinicId: string; timeZone: string; filters: LogFilters; patientIds?: string[] }): SQL[] {
  const { clinicId, filters } = params;
  const conditions: SQL[] = [eq(deliveries.clinicId, clinicId)];
  if (filters.channel) conditions.push(eq(deliveries.channel, filters.channel));
  // A status filter is one of the view's statuses (parseLogParams), so it says all the view would.
  if (filters.status) conditions.push(eq(deliveries.status, filters.status));
  else if (filters.view && filters.view !== "all") conditions.push(VIEW_CONDITIONS[filters.view]);
  if (filters.type) conditions.push(eq(deliveries.notificationType, filters.type));
  if (filters.patient) conditions.push(patientCondition(clinicId, filters.patient, params.patientIds));
  const range = dateRangeInstants(filters, params.timeZone);
  if (range.from) conditions.push(gte(deliveries.sendAt, range.from));
  if (range.to) conditions.push(lt(deliveries.sendAt, range.to));
  return conditions;
}

/** The sort key's columns in order and whether it descends. */
function sortSpec(sort: LogSort) {
  const [column, direction] = sort.split(".") as ["time" | "attempts", "asc" | "desc"];
  return { byAttempts: column === "attempts", descending: direction === "desc" };
}

/** Rows strictly beyond (`forward`) or strictly before the cursor in the sort's order. */
function cursorCondition(sort: LogSort, cursor: LogCursor, forward: boolean): SQL {
  const { byAttempts, descending } = sortSpec(sort);
  const op = sql.raw(forward === descending ? "<" : ">");
  const time = sql`${cursor.time}::timestamptz`;
  const id = sql`${cursor.id}::uuid`;
  return byAttempts
    ? sql`(${deliveries.attempts}, ${deliveries.sendAt}, ${deliveries.id}) ${op} (${cursor.attempts ?? 0}::int, ${time}, ${id})`
    : sql`(${deliveries.sendAt}, ${deliveries.id}) ${op} (${time}, ${id})`;
}

function orderBy(sort: LogSort, forward: boolean) {
  const { byAttempts, descending } = sortSpec(sort);
  const dir = forward === descending ? desc : asc;
  return [...(byAttempts ? [dir(deliveries.attempts)] : []), dir(deliveries.sendAt), dir(deliveries.id)];
}

export function cursorOf(row: Pick<LogRow, "attempts" | "cursorTime" | "id">, sort: LogSort) {
  return encodeCursor({ attempts: sortSpec(sort).byAttempts ? row.attempts : undefined, time: row.cursorTime, id: row.id });
}

const rowColumns = {
  id: deliveries.id,
  sendAt: deliveries.sendAt,
  notificationType: deliveries.notificationType,
  channel: deliveries.channel,
  status: deliveries.status,
  errorCode: deliveries.errorCode,
  nextAttemptAt: deliveries.nextAttemptAt,
  attempts: deliveries.attempts,
  simulated: deliveries.simulated,
  providerMessageId: deliveries.providerMessageId,
  appointmentId: deliveries.appointmentId,
  patientFirstName: patients.firstName,
  patientPhoneLast4: sql<string | null>`right(${patients.phone}, 4)`,
  cursorTime: sql<string>`to_char(${deliveries.sendAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};

/**
 * Up to `limit` rows of a filtered log from a cursor, in the sort's order (`forward`) or, for the page
 * before a cursor, nearest first (`forward: false`; the caller reverses them).
 */
export async function selectLogRows(
  db: Db,
  params: {
    clinicId: string;
    timeZone: string;
    filters: LogFilters;
    sort: LogSort;
    cursor?: LogCursor;
    forward?: boolean;
    limit: number;
    /** The patient filter already resolved (findFilterPatientIds). */
    patientIds?: string[];
  },
): Promise<LogRow[]> {
  const forward = params.forward ?? true;
  const conditions = logConditions(params);
  if (params.cursor) conditions.push(cursorCondition(params.sort, params.cursor, forward));
  const rows = () =>
    db
      .select(rowColumns)
      .from(deliveries)
      .innerJoin(patients, and(eq(patients.id, deliveries.patientId), eq(patients.clinicId, deliveries.clinicId)));
  if (!params.filters.patient) {
    return rows()
      .where(and(...conditions))
      .orderBy(...orderBy(params.sort, forward))
      .limit(params.limit);
  }
  // Patient filter: the page's keys first, then its rows. A name can match hundreds of patients with
  // thousands of deliveries; their keys come from deliveries_log_patient_idx alone (an index-only scan,
  // sorted in memory), and only the page's rows are read from the table (docs/benchmarks.md).
  const keys = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(...conditions))
    .orderBy(...orderBy(params.sort, forward))
    .limit(params.limit);
  return rows()
    .where(and(eq(deliveries.clinicId, params.clinicId), inArray(deliveries.id, keys)))
    .orderBy(...orderBy(params.sort, forward));
}

/** How many rows match, up to `cap` + 1 (an index range scan that stops early, never a full count). */
export async function countLogRows(
  db: Db,
  params: { clinicId: string; timeZone: string; filters: LogFilters; cap?: number; patientIds?: string[] },
) {
  const cap = params.cap ?? LOG_COUNT_CAP;
  const limited = db
    .select({ one: sql`1` })
    .from(deliveries)
    .where(and(...logConditions(params)))
    .limit(cap + 1)
    .as("limited");
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(limited);
  const count = Number(row?.count ?? 0);
  return { count: Math.min(count, cap), capped: count > cap };
}

/** One page of the log for the URL's parameters. */
export async function listMessageLog(
  db: Db,
  params: { clinicId: string; timeZone: string; log: LogParams; pageSize?: number; countCap?: number },
): Promise<LogPage> {
  const { clinicId, timeZone, log } = params;
  const pageSize = params.pageSize ?? LOG_PAGE_SIZE;
  const filters: LogFilters = {
    view: log.view,
    channel: log.channel,
    status: log.status,
    type: log.type,
    patient: log.patient,
    from: log.from,
    to: log.to,
  };
  const patientIds = log.patient ? await findFilterPatientIds(db, { clinicId, text: log.patient }) : undefined;
  const base = { clinicId, timeZone, filters, sort: log.sort, patientIds };

  const page = async (): Promise<Omit<LogPage, "total">> => {
    if (log.before) {
      const nearestFirst = await selectLogRows(db, { ...base, cursor: log.before, forward: false, limit: pageSize + 1 });
      // Back at the start: show the first page whole rather than a short one.
      if (nearestFirst.length > pageSize) {
        const rows = nearestFirst.slice(0, pageSize).reverse();
        return { rows, prevCursor: cursorOf(rows[0], log.sort), nextCursor: cursorOf(rows[rows.length - 1], log.sort) };
      }
    }
    const cursor = log.before ? undefined : log.after;
    const fetched = await selectLogRows(db, { ...base, cursor, limit: pageSize + 1 });
    const rows = fetched.slice(0, pageSize);
    return {
      rows,
      nextCursor: fetched.length > pageSize ? cursorOf(rows[rows.length - 1], log.sort) : null,
      prevCursor: cursor && rows.length ? cursorOf(rows[0], log.sort) : null,
    };
  };

  const [rows, total] = await Promise.all([page(), countLogRows(db, { clinicId, timeZone, filters, cap: params.countCap, patientIds })]);
  return { ...rows, total };
}
