import { z } from "zod";
import { channels, type Channel } from "@/db/schema";
import type { ResultsFilters } from "./kpis";
import { resolvePeriod, type ResultsPeriod } from "./period";
import { isRecordList, type RecordList } from "./records";

/**
 * The results page's URL: `period` (+ `from`/`to`), `doctor` (one of the clinic's doctors) and `channel`, and
 * for a drill-down `list`. Anything malformed is dropped (the page then shows everything), never an error.
 */
export interface ResultsQuery {
  period: ResultsPeriod;
  filters: { doctorId: string | null; channel: Channel | null };
  list: RecordList | null;
}

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

const uuid = z.uuid();

function read(params: Params, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return typeof v === "string" ? v : undefined;
}

export function parseResultsQuery(params: Params, context: { now: Date; timeZone: string; doctorIds: readonly string[] }): ResultsQuery {
  const period = resolvePeriod({ period: read(params, "period"), from: read(params, "from"), to: read(params, "to"), ...context });
  const doctor = read(params, "doctor");
  const channel = read(params, "channel");
  const list = read(params, "list");
  return {
    period,
    filters: {
      doctorId: doctor && uuid.safeParse(doctor).success && context.doctorIds.includes(doctor) ? doctor : null,
      channel: (channels as readonly string[]).includes(channel ?? "") ? (channel as Channel) : null,
    },
    list: isRecordList(list) ? list : null,
  };
}

/** The query string that keeps the period and filters (and adds `extra`), for links between the pages. */
export function resultsSearch(query: Pick<ResultsQuery, "period" | "filters">, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams();
  search.set("period", query.period.key);
  if (query.period.key === "custom") {
    search.set("from", query.period.firstDay);
    search.set("to", query.period.lastDay);
  }
  if (query.filters.doctorId) search.set("doctor", query.filters.doctorId);
  if (query.filters.channel) search.set("channel", query.filters.channel);
  for (const [k, v] of Object.entries(extra)) search.set(k, v);
  return `?${search.toString()}`;
}

export type { ResultsFilters };
