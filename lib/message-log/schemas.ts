import { z } from "zod";
import { channels, deliveryStatusEnum } from "@/db/schema";
import { NOTIFICATION_TYPES } from "@/lib/notifications/registry";

/**
 * The message log's URL: every filter, the sort and the keyset cursor live in the query string, so a
 * view can be shared and survives a reload. Each parameter is read on its own: a bad one is dropped and
 * named in `invalid` (the page says so in words), the others still apply. Nothing here throws.
 */

export const LOG_SORTS = ["time.desc", "time.asc", "attempts.desc", "attempts.asc"] as const;
export type LogSort = (typeof LOG_SORTS)[number];
export const DEFAULT_LOG_SORT: LogSort = "time.desc";
export const LOG_PAGE_SIZE = 50;

/**
 * The log's views (`?view=`): what went out (sent, delivered, read, failed, skipped: what the patient got
 * or did not get, newest first), what is still to go (scheduled, held by quiet hours: soonest first), or
 * every row. A cancelled row (its visit moved or was cancelled before it went) is only in "all".
 */
export const LOG_VIEWS = ["sent", "upcoming", "all"] as const;
export type LogView = (typeof LOG_VIEWS)[number];
export const DEFAULT_LOG_VIEW: LogView = "sent";
type DeliveryStatus = (typeof deliveryStatusEnum.enumValues)[number];
export const VIEW_STATUSES: Record<LogView, readonly DeliveryStatus[]> = {
  sent: deliveryStatusEnum.enumValues.filter((status) => status !== "scheduled" && status !== "cancelled"),
  upcoming: ["scheduled"],
  all: deliveryStatusEnum.enumValues,
};
/** The order a view opens in: the past newest first, the future soonest first. */
export function defaultSortOf(view: LogView | undefined): LogSort {
  return view === "upcoming" ? "time.asc" : DEFAULT_LOG_SORT;
}

export const LOG_PARAM_NAMES = ["view", "channel", "status", "type", "patient", "from", "to", "sort", "after", "before"] as const;
export type LogParamName = (typeof LOG_PARAM_NAMES)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => {
    const [y, m, d] = value.split("-").map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  });

/**
 * A keyset position: the sort key of the last (or first) row shown. The time keeps PostgreSQL's
 * microseconds (a JS Date would round them away and rows sharing a millisecond would be skipped).
 */
export const cursorSchema = z
  .string()
  .max(80)
  .regex(/^(\d{1,3}_)?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  .transform((value) => {
    const parts = value.split("_");
    return parts.length === 3
      ? { attempts: Number(parts[0]), time: parts[1], id: parts[2] }
      : { attempts: undefined, time: parts[0], id: parts[1] };
  });
export type LogCursor = z.output<typeof cursorSchema>;

export function encodeCursor(cursor: { attempts?: number; time: string; id: string }) {
  return cursor.attempts === undefined ? `${cursor.time}_${cursor.id}` : `${cursor.attempts}_${cursor.time}_${cursor.id}`;
}

const fieldSchemas = {
  view: z.enum(LOG_VIEWS),
  channel: z.enum(channels),
  status: z.enum(deliveryStatusEnum.enumValues),
  type: z.enum(NOTIFICATION_TYPES),
  // A name (first or last, any part) or phone digits; at least two characters to mean something.
  patient: z.string().trim().min(2).max(80),
  from: isoDate,
  to: isoDate,
  sort: z.enum(LOG_SORTS),
  after: cursorSchema,
  before: cursorSchema,
} satisfies Record<LogParamName, z.ZodType>;

export interface LogFilters {
  /** Which rows: undefined reads every row (the same as "all"). */
  view?: LogView;
  channel?: z.output<typeof fieldSchemas.channel>;
  status?: z.output<typeof fieldSchemas.status>;
  type?: z.output<typeof fieldSchemas.type>;
  patient?: string;
  /** Calendar dates (YYYY-MM-DD) on the clinic's wall clock, both inclusive. */
  from?: string;
  to?: string;
}

export interface LogParams extends LogFilters {
  sort: LogSort;
  after?: LogCursor;
  before?: LogCursor;
}

export interface ParsedLogParams {
  params: LogParams;
  /** Parameters present in the URL that were not valid and were ignored. */
  invalid: LogParamName[];
}

type RawSearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

function readRaw(raw: RawSearchParams, name: string): string | undefined {
  const value = raw instanceof URLSearchParams ? (raw.getAll(name) as string[]) : raw[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === "" ? undefined : first;
}

/** Reads the log's URL parameters; never throws. */
export function parseLogParams(raw: RawSearchParams): ParsedLogParams {
  const invalid: LogParamName[] = [];
  const values: Partial<Record<LogParamName, unknown>> = {};
  for (const name of LOG_PARAM_NAMES) {
    const value = readRaw(raw, name);
    if (value === undefined) continue;
    const parsed = fieldSchemas[name].safeParse(value);
    if (parsed.success) values[name] = parsed.data;
    else invalid.push(name);
  }
  // No view in the URL: the default one, unless the status filter belongs to another view (a link such
  // as ?status=scheduled from before views existed opens on the view that has it).
  const status = values.status as DeliveryStatus | undefined;
  const view =
    (values.view as LogView | undefined) ??
    (!status || VIEW_STATUSES[DEFAULT_LOG_VIEW].includes(status) ? DEFAULT_LOG_VIEW : status === "scheduled" ? "upcoming" : "all");
  const params: LogParams = {
    ...(values as Omit<LogParams, "sort" | "view">),
    view,
    sort: (values.sort as LogSort | undefined) ?? defaultSortOf(view),
  };
  // A status the view does not show would be an empty page that looks like "nothing happened".
  if (params.status && !VIEW_STATUSES[view].includes(params.status)) {
    delete params.status;
    invalid.push("status");
  }
  // A range the wrong way round is a mistake, not an empty result.
  if (params.from && params.to && params.from > params.to) {
    delete params.from;
    delete params.to;
    invalid.push("from", "to");
  }
  // A cursor belongs to one sort: the attempts sort carries the attempts, the time sort does not.
  const wantsAttempts = params.sort.startsWith("attempts");
  for (const name of ["after", "before"] as const) {
    const cursor = params[name];
    if (cursor && (cursor.attempts !== undefined) !== wantsAttempts) {
      delete params[name];
      invalid.push(name);
    }
  }
  if (params.after && params.before) {
    delete params.before;
    invalid.push("before");
  }
  return { params, invalid };
}

/**
 * The query string of a log view (the view, filters and sort; a cursor only when given), without empty
 * values and without the defaults (the default view, the view's default sort).
 */
export function logSearchParams(params: Partial<LogParams>, cursor?: { after?: string; before?: string }) {
  const search = new URLSearchParams();
  if (params.view && params.view !== DEFAULT_LOG_VIEW) search.set("view", params.view);
  for (const name of ["channel", "status", "type", "patient", "from", "to"] as const) {
    const value = params[name];
    if (value) search.set(name, value);
  }
  if (params.sort && params.sort !== defaultSortOf(params.view)) search.set("sort", params.sort);
  if (cursor?.after) search.set("after", cursor.after);
  if (cursor?.before) search.set("before", cursor.before);
  return search;
}
