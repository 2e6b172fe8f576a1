import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/client";
import type { Channel } from "@/db/schema";
import { CONFIRMATION_REQUEST_TYPES, DELIVERED_STATUSES, REMINDER_TYPES } from "./definitions";
import { outcomeSql, type ResultsRules } from "./outcomes";

/**
 * The results dashboard's figures, each computed by SQL from the record on request (nothing is stored twice):
 * visits and their outcomes (appointments), confirmations (appointments.confirmed_at/by) against the first
 * delivered confirmation request (delivery_events), reminders and messages (deliveries). Every query takes
 * the clinic and filters on it; definitions in docs/architecture.md "Results".
 */

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Share, or null when there is nothing to divide by (the page then says so instead of showing 0 %). */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

interface Range {
  from: Date;
  to: Date;
}

/** The page's filters beyond the period (from the URL): one doctor's visits, one channel's messages. Not the tenant. */
export interface ResultsFilters {
  doctorId?: string | null;
  channel?: Channel | null;
}

/**
 * The visits of [from, to) that have started by `now`, one row each with its outcome, its first delivered
 * confirmation request and whether a reminder for its current time was delivered. Read by every visit KPI.
 */
export function visitsSql(params: { clinicId: string; range: Range; now: Date; rules: ResultsRules; filters?: ResultsFilters }) {
  const { clinicId, range, now, rules } = params;
  const doctorId = params.filters?.doctorId ?? null;
  const until = new Date(Math.min(range.to.getTime(), now.getTime()));
  return sql`select a.id, a.starts_at, a.ends_at, a.confirmed_at, a.confirmed_by, a.patient_id, a.doctor_id, ${outcomeSql(rules, now)} as outcome,
      (select min(e.occurred_at) from deliveries d
        join delivery_events e on e.delivery_id = d.id and e.clinic_id = d.clinic_id
        where d.clinic_id = ${clinicId} and d.appointment_id = a.id
          and d.notification_type in (${list(CONFIRMATION_REQUEST_TYPES)}) and e.status in (${list(DELIVERED_STATUSES)})
      ) as first_request_at,
      exists (select 1 from deliveries d
        where d.clinic_id = ${clinicId} and d.appointment_id = a.id and d.appointment_version = a.version
          and d.notification_type in (${list(REMINDER_TYPES)}) and d.status in (${list(DELIVERED_STATUSES)})
      ) as reminder_delivered
    from appointments a
    where a.clinic_id = ${clinicId} and a.starts_at >= ${range.from.toISOString()}::timestamptz
      and a.starts_at < ${until.toISOString()}::timestamptz
      ${doctorId ? sql`and a.doctor_id = ${doctorId}` : sql``}`;
}

// `materialized`: each visit's subqueries (first request, reminder delivered) run once, not once per aggregate that reads them.
/** The aggregate over `v` (visitsSql) that both the period totals and the weekly series read. */
const visitAggregates = sql`
  count(*) filter (where v.outcome = 'attended')::int as attended,
  count(*) filter (where v.outcome = 'no_show')::int as no_show,
  count(*) filter (where v.outcome = 'late_cancelled')::int as late_cancelled,
  count(*) filter (where v.outcome = 'cancelled')::int as cancelled,
  count(*) filter (where v.outcome = 'unmarked')::int as unmarked,
  count(*) filter (where v.first_request_at is not null)::int as requested,
  count(*) filter (where v.first_request_at is not null and v.confirmed_at < v.starts_at)::int as confirmed`;

type VisitAggregateRow = {
  attended: number;
  no_show: number;
  late_cancelled: number;
  cancelled: number;
  unmarked: number;
  requested: number;
  confirmed: number;
};

/**
 * The time-to-confirm histogram's buckets: [from, to) in seconds (to null: no upper end). Their counts add up to
 * timeToConfirm.count (the same confirmations the median reads).
 */
export const TIME_TO_CONFIRM_BUCKETS = [
  { key: "under15m", from: 0, to: 15 * 60 },
  { key: "15to60m", from: 15 * 60, to: 3600 },
  { key: "1to4h", from: 3600, to: 4 * 3600 },
  { key: "4to24h", from: 4 * 3600, to: 24 * 3600 },
  { key: "over24h", from: 24 * 3600, to: null },
] as const;
export type TimeToConfirmBucketKey = (typeof TIME_TO_CONFIRM_BUCKETS)[number]["key"];
export interface TimeToConfirmBucket {
  key: TimeToConfirmBucketKey;
  count: number;
}

export interface VisitKpis {
  attended: number;
  noShows: number;
  lateCancelled: number;
  cancelled: number;
  unmarked: number;
  /** no-shows ÷ (attended + no-shows); late cancels apart. */
  noShowRate: number | null;
  /** Visits that got a delivered confirmation request, and those of them confirmed before their start. */
  requested: number;
  confirmed: number;
  confirmationRate: number | null;
  /** Whole seconds from the first delivered request to the confirmation (confirmations after it, before the start). */
  timeToConfirm: { count: number; medianSeconds: number | null; p90Seconds: number | null; buckets: TimeToConfirmBucket[] };
  /** Past visits not cancelled, and those with a reminder for their current time delivered. */
  coverageVisits: number;
  coverageDelivered: number;
  reminderCoverage: number | null;
  /** Attended visits the patient had confirmed by reply before the start, and their booked time. */
  recoveredVisits: number;
  hoursRecovered: number;
}

function toVisitKpis(
  row: VisitAggregateRow,
): Omit<VisitKpis, "timeToConfirm" | "coverageVisits" | "coverageDelivered" | "reminderCoverage" | "recoveredVisits" | "hoursRecovered"> {
  return {
    attended: row.attended,
    noShows: row.no_show,
    lateCancelled: row.late_cancelled,
    cancelled: row.cancelled,
    unmarked: row.unmarked,
    noShowRate: ratio(row.no_show, row.attended + row.no_show),
    requested: row.requested,
    confirmed: row.confirmed,
    confirmationRate: ratio(row.confirmed, row.requested),
  };
}

export async function getVisitKpis(
  db: Db,
  params: { clinicId: string; range: Range; now: Date; rules: ResultsRules; filters?: ResultsFilters },
): Promise<VisitKpis> {
  const [row] = await queryRows<
    VisitAggregateRow & {
      ttc_count: number;
      ttc_median: number | null;
      ttc_p90: number | null;
      coverage_visits: number;
      coverage_delivered: number;
      recovered_visits: number;
      recovered_seconds: number | null;
    } & Record<`ttc_b${number}`, number>
  >(
    db,
    sql`with v as materialized (${visitsSql(params)}),
      c as (select extract(epoch from (v.confirmed_at - v.first_request_at))::float8 as seconds from v
        where v.first_request_at is not null and v.confirmed_at >= v.first_request_at and v.confirmed_at < v.starts_at)
      select ${visitAggregates},
        (select count(*)::int from c) as ttc_count,
        (select percentile_cont(0.5) within group (order by c.seconds) from c) as ttc_median,
        (select percentile_cont(0.9) within group (order by c.seconds) from c) as ttc_p90,
        ${sql.join(
          TIME_TO_CONFIRM_BUCKETS.map(
            (b, i) =>
              sql`(select count(*)::int from c where c.seconds >= ${b.from}::float8 ${b.to === null ? sql`` : sql`and c.seconds < ${b.to}::float8`}) as ${sql.raw(`ttc_b${i}`)}`,
          ),
          sql`, `,
        )},
        count(*) filter (where v.outcome in ('attended', 'no_show', 'unmarked'))::int as coverage_visits,
        count(*) filter (where v.outcome in ('attended', 'no_show', 'unmarked') and v.reminder_delivered)::int as coverage_delivered,
        count(*) filter (where v.outcome = 'attended' and v.confirmed_by = 'patient' and v.confirmed_at < v.starts_at)::int as recovered_visits,
        sum(extract(epoch from (v.ends_at - v.starts_at))) filter (
          where v.outcome = 'attended' and v.confirmed_by = 'patient' and v.confirmed_at < v.starts_at)::float8 as recovered_seconds
      from v`,
  );
  return {
    ...toVisitKpis(row),
    timeToConfirm: {
      count: row.ttc_count,
      medianSeconds: row.ttc_median === null ? null : Math.round(Number(row.ttc_median)),
      p90Seconds: row.ttc_p90 === null ? null : Math.round(Number(row.ttc_p90)),
      buckets: TIME_TO_CONFIRM_BUCKETS.map((b, i) => ({ key: b.key, count: Number(row[`ttc_b${i}`]) })),
    },
    coverageVisits: row.coverage_visits,
    coverageDelivered: row.coverage_delivered,
    reminderCoverage: ratio(row.coverage_delivered, row.coverage_visits),
    recoveredVisits: row.recovered_visits,
    hoursRecovered: Number(row.recovered_seconds ?? 0) / 3600,
  };
}

export interface WeeklyRates {
  /** Monday of the week on the clinic's clock, "YYYY-MM-DD". */
  week: string;
  attended: number;
  noShows: number;
  noShowRate: number | null;
  requested: number;
  confirmed: number;
  confirmationRate: number | null;
}

/** No-show and confirmation rates per week (Monday to Sunday on the clinic's clock) of the period. */
export async function getWeeklyRates(
  db: Db,
  params: { clinicId: string; range: Range; now: Date; rules: ResultsRules; filters?: ResultsFilters },
): Promise<WeeklyRates[]> {
  const rows = await queryRows<VisitAggregateRow & { week: string }>(
    db,
    sql`with v as materialized (${visitsSql(params)})
      select to_char(date_trunc('week', v.starts_at at time zone ${params.rules.timeZone}), 'YYYY-MM-DD') as week, ${visitAggregates}
      from v group by 1 order by 1`,
  );
  return rows.map((r) => {
    const k = toVisitKpis(r);
    return {
      week: r.week,
      attended: k.attended,
      noShows: k.noShows,
      noShowRate: k.noShowRate,
      requested: k.requested,
      confirmed: k.confirmed,
      confirmationRate: k.confirmationRate,
    };
  });
}

export interface DoctorRates {
  doctorId: string;
  doctorName: string;
  attended: number;
  noShows: number;
  noShowRate: number | null;
  requested: number;
  confirmed: number;
  confirmationRate: number | null;
}

/** No-show and confirmation rates per doctor over the period's visits (the same rows and definitions as the tiles). */
export async function getDoctorRates(
  db: Db,
  params: { clinicId: string; range: Range; now: Date; rules: ResultsRules; filters?: ResultsFilters },
): Promise<DoctorRates[]> {
  const rows = await queryRows<VisitAggregateRow & { doctor_id: string; doctor_name: string }>(
    db,
    sql`with v as materialized (${visitsSql(params)})
      select v.doctor_id, u.name as doctor_name, ${visitAggregates}
      from v join users u on u.id = v.doctor_id and u.clinic_id = ${params.clinicId}
      group by v.doctor_id, u.name order by u.name, v.doctor_id`,
  );
  return rows.map((r) => {
    const k = toVisitKpis(r);
    return {
      doctorId: r.doctor_id,
      doctorName: r.doctor_name,
      attended: k.attended,
      noShows: k.noShows,
      noShowRate: k.noShowRate,
      requested: k.requested,
      confirmed: k.confirmed,
      confirmationRate: k.confirmationRate,
    };
  });
}

export interface ChannelKpis {
  channel: Channel;
  /** Messages that went to the provider (not still planned, cancelled or skipped). */
  attempted: number;
  delivered: number;
  read: number;
  /** Accepted by the provider with no delivery report yet (SMS carriers often send none). */
  pending: number;
  failed: number;
  /** Of them, fallbacks (sent on this channel because another failed), and those delivered. */
  fallbacks: number;
  fallbacksDelivered: number;
  deliveryRate: number | null;
  /** read ÷ delivered. */
  readRate: number | null;
}

/**
 * The clinic's messages planned to go out in [from, to) that went to the provider (the channel figures and
 * their list read this same SQL). With a doctor filter, only messages about that doctor's visits.
 */
export function attemptedDeliveriesSql(params: { clinicId: string; range: Range; filters?: ResultsFilters }) {
  const channel = params.filters?.channel ?? null;
  const doctorId = params.filters?.doctorId ?? null;
  // `status not in ('scheduled','cancelled')` as written matches the partial index deliveries_log_sent_idx.
  return sql`select d.* from deliveries d
    where d.clinic_id = ${params.clinicId} and d.send_at >= ${params.range.from.toISOString()}::timestamptz
      and d.send_at < ${params.range.to.toISOString()}::timestamptz
      and d.status not in ('scheduled', 'cancelled') and d.status <> 'skipped'
      ${channel ? sql`and d.channel = ${channel}` : sql``}
      ${
        doctorId
          ? sql`and exists (select 1 from appointments fa where fa.clinic_id = d.clinic_id and fa.id = d.appointment_id and fa.doctor_id = ${doctorId})`
          : sql``
      }`;
}

/** Per channel, the clinic's messages planned to go out in [from, to) that were attempted, and how they ended. */
export async function getChannelKpis(db: Db, params: { clinicId: string; range: Range; filters?: ResultsFilters }): Promise<ChannelKpis[]> {
  const rows = await queryRows<{
    channel: Channel;
    attempted: number;
    delivered: number;
    read: number;
    pending: number;
    failed: number;
    fallbacks: number;
    fallbacks_delivered: number;
  }>(
    db,
    sql`select d.channel, count(*)::int as attempted,
        count(*) filter (where d.status in ('delivered', 'read'))::int as delivered,
        count(*) filter (where d.status = 'read')::int as read,
        count(*) filter (where d.status in ('sending', 'queued', 'sent'))::int as pending,
        count(*) filter (where d.status in ('failed', 'undelivered'))::int as failed,
        count(*) filter (where d.fallback_of_id is not null)::int as fallbacks,
        count(*) filter (where d.fallback_of_id is not null and d.status in ('delivered', 'read'))::int as fallbacks_delivered
      from (${attemptedDeliveriesSql(params)}) d
      group by d.channel order by d.channel`,
  );
  return rows.map((r) => ({
    channel: r.channel,
    attempted: r.attempted,
    delivered: r.delivered,
    read: r.read,
    pending: r.pending,
    failed: r.failed,
    fallbacks: r.fallbacks,
    fallbacksDelivered: r.fallbacks_delivered,
    deliveryRate: ratio(r.delivered, r.attempted),
    readRate: ratio(r.read, r.delivered),
  }));
}
