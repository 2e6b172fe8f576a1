import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/client";
import { campaignMessagesSql, collectionCtes, freedSlotsSql, satisfactionVisitsSql } from "./business-kpis";
import { attemptedDeliveriesSql, visitsSql, type ResultsFilters } from "./kpis";
import type { ResultsRules } from "./outcomes";

/**
 * The records behind each number of the results page (its drill-down lists and their CSV). Each list reads the
 * very SQL its figure counts (visitsSql, attemptedDeliveriesSql, …) with the figure's condition, so the list
 * always has exactly as many rows as the tile says. Scoped by the clinic like every results query.
 */
export const RECORD_LISTS = [
  "noShows",
  "marked",
  "lateCancelled",
  "requested",
  "confirmed",
  "coverage",
  "recovered",
  "messages",
  "charges",
  "satisfaction",
  "campaign",
  "freedSlots",
] as const;
export type RecordList = (typeof RECORD_LISTS)[number];

export function isRecordList(value: string | undefined): value is RecordList {
  return (RECORD_LISTS as readonly string[]).includes(value ?? "");
}

/** The columns each list shows after when / patient / doctor (i18n: results.records.columns.<name>). */
export const RECORD_COLUMNS: Record<RecordList, readonly string[]> = {
  noShows: ["outcome"],
  marked: ["outcome"],
  lateCancelled: ["cancelledAt"],
  requested: ["firstRequestAt", "confirmedAt"],
  confirmed: ["firstRequestAt", "confirmedAt"],
  coverage: ["outcome", "reminderDelivered"],
  recovered: ["minutes", "confirmedAt"],
  messages: ["type", "channel", "status", "fallback"],
  charges: ["amount", "paid", "opened"],
  satisfaction: ["score"],
  campaign: ["channel", "converted"],
  freedSlots: ["status", "minutes"],
};

export type RecordValue = string | number | boolean | Date | null;

export interface RecordRow {
  id: string;
  /** The instant the list is ordered by: the visit's start, the message's send time, the request's issue … */
  at: Date;
  patient: string | null;
  doctor: string | null;
  values: Record<string, RecordValue>;
}

const VISIT_CONDITION: Partial<Record<RecordList, SQL>> = {
  noShows: sql`v.outcome = 'no_show'`,
  marked: sql`v.outcome in ('attended', 'no_show')`,
  lateCancelled: sql`v.outcome = 'late_cancelled'`,
  requested: sql`v.first_request_at is not null`,
  confirmed: sql`v.first_request_at is not null and v.confirmed_at < v.starts_at`,
  coverage: sql`v.outcome in ('attended', 'no_show', 'unmarked')`,
  recovered: sql`v.outcome = 'attended' and v.confirmed_by = 'patient' and v.confirmed_at < v.starts_at`,
};

type Raw = Record<string, unknown> & { id: string; at: string | Date; patient_id: string | null; doctor_id: string | null };

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/** The query of one list (rows of `r` with id, at, patient_id, doctor_id and the list's own columns). */
function listSql(params: {
  list: RecordList;
  clinicId: string;
  range: { from: Date; to: Date };
  now: Date;
  rules: ResultsRules;
  currency: string;
  filters: ResultsFilters;
}): SQL {
  const { list, clinicId, range, filters } = params;
  const condition = VISIT_CONDITION[list];
  if (condition) {
    return sql`with v as materialized (${visitsSql({ clinicId, range, now: params.now, rules: params.rules, filters })})
      select v.id, v.starts_at as at, v.patient_id, v.doctor_id, v.outcome, v.confirmed_at, v.first_request_at,
        v.reminder_delivered, (select a.cancelled_at from appointments a where a.clinic_id = ${clinicId} and a.id = v.id) as cancelled_at,
        (extract(epoch from (v.ends_at - v.starts_at)) / 60)::int as minutes
      from v where ${condition}`;
  }
  switch (list) {
    case "messages":
      return sql`select d.id, d.send_at as at, d.patient_id,
          (select a.doctor_id from appointments a where a.clinic_id = d.clinic_id and a.id = d.appointment_id) as doctor_id,
          d.notification_type as type, d.channel, d.status, (d.fallback_of_id is not null) as fallback
        from (${attemptedDeliveriesSql({ clinicId, range, filters })}) d`;
    case "charges":
      return sql`with ${collectionCtes({ clinicId, currency: params.currency, range, filters })}
        select s.id, s.issued_at as at, s.patient_id,
          (select a.doctor_id from appointments a where a.clinic_id = ${clinicId} and a.id = s.appointment_id) as doctor_id,
          s.amount_minor as amount, s.paid, s.opened
        from s`;
    case "satisfaction":
      return sql`select s.id, s.starts_at as at, s.patient_id, s.doctor_id, s.score from (${satisfactionVisitsSql({ clinicId, range, filters })}) s`;
    case "campaign":
      return sql`select m.id, m.send_at as at, m.patient_id, null::uuid as doctor_id, m.channel, m.converted
        from (${campaignMessagesSql({ clinicId, range, filters })}) m`;
    case "freedSlots":
      return sql`select f.id, f.freed_at as at, null::uuid as patient_id, f.doctor_id, f.status, f.minutes
        from (${freedSlotsSql({ clinicId, range, filters })}) f`;
    default:
      throw new Error(`listSql: no list ${list}`);
  }
}

/** Every record behind one figure (newest first), with the total; `limit` caps the rows, never the total. */
export async function listResultRecords(
  db: Db,
  params: {
    list: RecordList;
    clinicId: string;
    range: { from: Date; to: Date };
    now: Date;
    rules: ResultsRules;
    currency: string;
    filters?: ResultsFilters;
    limit?: number;
  },
): Promise<{ total: number; rows: RecordRow[] }> {
  const query = listSql({ ...params, filters: params.filters ?? {} });
  const [rows, [{ total }]] = await Promise.all([
    queryRows<Raw & { patient_name: string | null; doctor_name: string | null }>(
      db,
      sql`select r.*, (select p.first_name || ' ' || p.last_name from patients p where p.clinic_id = ${params.clinicId} and p.id = r.patient_id) as patient_name,
          (select u.name from users u where u.clinic_id = ${params.clinicId} and u.id = r.doctor_id) as doctor_name
        from (${query}) r order by r.at desc, r.id limit ${params.limit ?? 10_000}`,
    ),
    queryRows<{ total: number }>(db, sql`select count(*)::int as total from (${query}) r`),
  ]);
  const columns = RECORD_COLUMNS[params.list];
  return {
    total,
    rows: rows.map((r) => {
      const values: Record<string, RecordValue> = {};
      for (const column of columns) {
        const raw = r[snake(column)];
        values[column] = column.endsWith("At")
          ? date(raw)
          : typeof raw === "bigint"
            ? Number(raw)
            : raw === undefined
              ? null
              : (raw as RecordValue);
      }
      if ("amount" in values && values.amount !== null) values.amount = Number(values.amount);
      if ("paid" in values && values.paid !== null) values.paid = Number(values.paid);
      if ("minutes" in values && values.minutes !== null) values.minutes = Math.round(Number(values.minutes) * 10) / 10;
      return { id: r.id, at: new Date(r.at), patient: r.patient_name ?? null, doctor: r.doctor_name ?? null, values };
    }),
  };
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
