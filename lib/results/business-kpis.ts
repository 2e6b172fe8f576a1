import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/client";
import type { PaymentMethod } from "@/db/schema";
import type { FillRate } from "@/lib/waitlist/queries";
import { DELIVERED_STATUSES } from "./definitions";
import { ratio, type ResultsFilters } from "./kpis";

/**
 * The dashboard's figures about money, freed slots and campaigns, computed by SQL from the record on request
 * (payments, slot offers, campaign deliveries). Every query takes the clinic and filters on it.
 */

interface Range {
  from: Date;
  to: Date;
}

/** A campaign message counts as converted when the patient booked within this many days of it. */
export const CAMPAIGN_CONVERSION_DAYS = 14;
/** "Paid within a week": the share of the cohort's requests paid in full this soon after they went out. */
export const PAID_QUICKLY_DAYS = 7;

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

export interface CollectionKpis {
  currency: string;
  /** Charges whose first payment request (`link.shared`) went out in the period, not voided since. */
  requestedCharges: number;
  requestedMinor: number;
  /** Of them, those whose link the patient opened, and those with anything paid. */
  openedCharges: number;
  paidCharges: number;
  /** Paid less refunded, capped at each charge's amount. */
  paidMinor: number;
  /** paidMinor ÷ requestedMinor. */
  collectionRate: number | null;
  /** Requests paid in full within PAID_QUICKLY_DAYS of going out, ÷ requested charges. */
  paidQuicklyCharges: number;
  paidQuicklyRate: number | null;
  /** Paid amounts and charges by how the patient paid. */
  byMethod: { method: PaymentMethod; paidMinor: number; charges: number }[];
  /**
   * The funnel requested → link opened → paid per method: each charge counted once, under the method of its
   * largest paid payment, else of its latest attempt with a method; null when the patient never chose one.
   */
  funnel: { method: PaymentMethod | null; requested: number; opened: number; paid: number }[];
  /** The cohort by the month (clinic's clock, "YYYY-MM") its request went out. */
  byMonth: { month: string; requestedMinor: number; paidMinor: number; rate: number | null }[];
}

/** The SQL of the period's cohort: one row per charge requested in [from, to), in the clinic's currency. */
export function cohortSql(params: { clinicId: string; currency: string; range: Range; filters?: ResultsFilters }) {
  const doctorId = params.filters?.doctorId ?? null;
  return sql`select c.id, c.amount_minor, c.patient_id, c.appointment_id, min(e.created_at) as issued_at
    from charges c
    join payment_events e on e.charge_id = c.id and e.clinic_id = c.clinic_id and e.type = 'link.shared'
    where c.clinic_id = ${params.clinicId} and c.status = 'open' and c.currency = ${params.currency}
      ${
        doctorId
          ? sql`and exists (select 1 from appointments ca where ca.clinic_id = c.clinic_id and ca.id = c.appointment_id and ca.doctor_id = ${doctorId})`
          : sql``
      }
    group by c.id, c.amount_minor, c.patient_id, c.appointment_id
    having min(e.created_at) >= ${params.range.from.toISOString()}::timestamptz
      and min(e.created_at) < ${params.range.to.toISOString()}::timestamptz`;
}

/** The cohort (k), its payments (p) and one row per charge with what was paid (s): the tile and its list read it. */
export function collectionCtes(params: { clinicId: string; currency: string; range: Range; filters?: ResultsFilters }) {
  return sql`k as materialized (${cohortSql(params)}),
    p as (select pm.charge_id, pm.method, pm.paid_at, (pm.amount_minor - pm.refunded_minor) as net
      from payments pm where pm.clinic_id = ${params.clinicId} and pm.status in ('paid', 'refunded')
        and pm.charge_id in (select id from k)),
    s as (select k.id, k.amount_minor, k.issued_at, k.patient_id, k.appointment_id,
        least(k.amount_minor, coalesce((select sum(p.net) from p where p.charge_id = k.id), 0))::bigint as paid,
        coalesce((select sum(p.net) from p where p.charge_id = k.id
          and p.paid_at <= k.issued_at + make_interval(days => ${PAID_QUICKLY_DAYS}::int)), 0)::bigint as paid_quickly,
        exists (select 1 from payment_events o where o.clinic_id = ${params.clinicId} and o.charge_id = k.id
          and o.type = 'link.opened') as opened
      from k)`;
}

/**
 * Collection rate: paid ÷ requested, over the charges whose payment request went out in the period (the
 * cohort, by issue date: a request of last month paid today raises last month's rate). A voided charge leaves
 * the cohort; a refund lowers what was paid.
 */
export async function getCollectionKpis(
  db: Db,
  params: { clinicId: string; currency: string; timeZone: string; range: Range; filters?: ResultsFilters },
): Promise<CollectionKpis> {
  const perCharge = sql`with ${collectionCtes(params)}`;
  const [[totals], byMethod, byMonth, funnel] = await Promise.all([
    queryRows<{ charges: number; requested: string | number; opened: number; paid_charges: number; paid: string | number; quick: number }>(
      db,
      sql`${perCharge} select count(*)::int as charges, coalesce(sum(s.amount_minor), 0)::bigint as requested,
          count(*) filter (where s.opened)::int as opened, count(*) filter (where s.paid > 0)::int as paid_charges,
          coalesce(sum(s.paid), 0)::bigint as paid,
          count(*) filter (where s.paid_quickly >= s.amount_minor)::int as quick
        from s`,
    ),
    queryRows<{ method: PaymentMethod; paid: string | number; charges: number }>(
      db,
      sql`${perCharge} select p.method, sum(p.net)::bigint as paid, count(distinct p.charge_id)::int as charges
        from p where p.method is not null and p.net > 0 group by p.method order by 2 desc, 1`,
    ),
    queryRows<{ month: string; requested: string | number; paid: string | number }>(
      db,
      sql`${perCharge} select to_char(s.issued_at at time zone ${params.timeZone}, 'YYYY-MM') as month,
          sum(s.amount_minor)::bigint as requested, sum(s.paid)::bigint as paid
        from s group by 1 order by 1`,
    ),
    queryRows<{ method: PaymentMethod | null; requested: number; opened: number; paid: number }>(
      db,
      sql`${perCharge} select m.method, count(*)::int as requested, count(*) filter (where s.opened)::int as opened,
          count(*) filter (where s.paid > 0)::int as paid
        from s left join lateral (select pm.method from payments pm
          where pm.clinic_id = ${params.clinicId} and pm.charge_id = s.id and pm.method is not null
          order by (pm.status in ('paid', 'refunded')) desc, (pm.amount_minor - pm.refunded_minor) desc, pm.created_at desc
          limit 1) m on true
        group by m.method order by 2 desc, 1 nulls last`,
    ),
  ]);
  const requestedMinor = Number(totals.requested);
  const paidMinor = Number(totals.paid);
  return {
    currency: params.currency,
    requestedCharges: totals.charges,
    requestedMinor,
    openedCharges: totals.opened,
    paidCharges: totals.paid_charges,
    paidMinor,
    collectionRate: ratio(paidMinor, requestedMinor),
    paidQuicklyCharges: totals.quick,
    paidQuicklyRate: ratio(totals.quick, totals.charges),
    byMethod: byMethod.map((r) => ({ method: r.method, paidMinor: Number(r.paid), charges: r.charges })),
    funnel: funnel.map((r) => ({ method: r.method, requested: r.requested, opened: r.opened, paid: r.paid })),
    byMonth: byMonth.map((r) => ({
      month: r.month,
      requestedMinor: Number(r.requested),
      paidMinor: Number(r.paid),
      rate: ratio(Number(r.paid), Number(r.requested)),
    })),
  };
}

export interface CampaignConversion {
  /** Campaign messages delivered (or read) that were sent in the period. */
  delivered: number;
  /** Of them, those whose patient booked a visit within CAMPAIGN_CONVERSION_DAYS after it was sent. */
  converted: number;
  rate: number | null;
}

/** The SQL of the period's delivered campaign messages, each with whether the patient booked within 14 days. */
export function campaignMessagesSql(params: { clinicId: string; range: Range; filters?: ResultsFilters }) {
  const channel = params.filters?.channel ?? null;
  return sql`select d.id, d.patient_id, d.send_at, d.channel, exists (
      select 1 from appointments a where a.clinic_id = d.clinic_id and a.patient_id = d.patient_id
        and a.created_at >= d.send_at and a.created_at < d.send_at + make_interval(days => ${CAMPAIGN_CONVERSION_DAYS}::int)
    ) as converted
    from deliveries d
    where d.clinic_id = ${params.clinicId} and d.subject_type = 'campaign_recipient'
      and d.status in (${list(DELIVERED_STATUSES)})
      and d.send_at >= ${params.range.from.toISOString()}::timestamptz and d.send_at < ${params.range.to.toISOString()}::timestamptz
      ${channel ? sql`and d.channel = ${channel}` : sql``}`;
}

/** Campaign conversion: bookings within 14 days of a delivered campaign message ÷ delivered campaign messages. */
export async function getCampaignConversion(
  db: Db,
  params: { clinicId: string; range: Range; filters?: ResultsFilters },
): Promise<CampaignConversion> {
  const [row] = await queryRows<{ delivered: number; converted: number }>(
    db,
    sql`select count(*)::int as delivered, count(*) filter (where m.converted)::int as converted from (${campaignMessagesSql(params)}) m`,
  );
  return { delivered: row.delivered, converted: row.converted, rate: ratio(row.converted, row.delivered) };
}

/** The slots freed in the period that the waitlist offered (lib/waitlist), with minutes to refill (null: not refilled). */
export function freedSlotsSql(params: { clinicId: string; range: Range; filters?: ResultsFilters }) {
  const doctorId = params.filters?.doctorId ?? null;
  return sql`select o.id, o.doctor_id, o.starts_at, o.freed_at, o.status, o.booked_appointment_id,
      case when o.status = 'filled' and o.filled_at is not null
        then extract(epoch from (o.filled_at - o.freed_at))::float8 / 60 end as minutes
    from slot_offers o
    where o.clinic_id = ${params.clinicId} and o.freed_at >= ${params.range.from.toISOString()}::timestamptz
      and o.freed_at < ${params.range.to.toISOString()}::timestamptz
      ${doctorId ? sql`and o.doctor_id = ${doctorId}` : sql``}`;
}

/**
 * Freed-slot fill rate (slots refilled from the waitlist ÷ slots offered, by when they were freed) and minutes to
 * refill: the figures of lib/waitlist's waitlistFillRate, in SQL so the list behind them reads the same rows.
 */
export async function getWaitlistFill(db: Db, params: { clinicId: string; range: Range; filters?: ResultsFilters }): Promise<FillRate> {
  const [row] = await queryRows<{ freed: number; refilled: number; median: number | null; max: number | null }>(
    db,
    sql`select count(*)::int as freed, count(f.minutes)::int as refilled,
        percentile_cont(0.5) within group (order by f.minutes) as median, max(f.minutes) as max
      from (${freedSlotsSql(params)}) f`,
  );
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return {
    freed: row.freed,
    refilled: row.refilled,
    rate: ratio(row.refilled, row.freed),
    medianMinutesToRefill: round(row.median),
    maxMinutesToRefill: round(row.max),
  };
}

export interface SatisfactionKpis {
  /** Visits of the period whose satisfaction question went out (or that were rated anyway). */
  asked: number;
  /** Of them, those the patient rated, and those rated 4 or 5. */
  answered: number;
  topTwo: number;
  /** CSAT: share of 4–5 answers. */
  csat: number | null;
  /** answered ÷ asked. */
  responseRate: number | null;
  /** How many answers of each score, 1 to 5. */
  distribution: { score: number; count: number }[];
}

/** The SQL of the period's visits that were asked (or rated), each with its score (null: no answer). */
export function satisfactionVisitsSql(params: { clinicId: string; range: Range; filters?: ResultsFilters }) {
  const doctorId = params.filters?.doctorId ?? null;
  return sql`select a.id, a.starts_at, a.doctor_id, a.patient_id, a.satisfaction_score as score, a.satisfaction_answered_at
    from appointments a
    where a.clinic_id = ${params.clinicId} and a.starts_at >= ${params.range.from.toISOString()}::timestamptz
      and a.starts_at < ${params.range.to.toISOString()}::timestamptz
      and (a.satisfaction_score is not null or exists (select 1 from deliveries d
        where d.clinic_id = a.clinic_id and d.appointment_id = a.id and d.notification_type = 'satisfaction_survey'
          and d.status in ('queued', 'sent', 'delivered', 'read')))
      ${doctorId ? sql`and a.doctor_id = ${doctorId}` : sql``}`;
}

/** Patient satisfaction over the visits that started in the period: CSAT (top-2 box) and the response rate. */
export async function getSatisfactionKpis(
  db: Db,
  params: { clinicId: string; range: Range; filters?: ResultsFilters },
): Promise<SatisfactionKpis> {
  const rows = await queryRows<{ score: number | null; count: number }>(
    db,
    sql`select s.score, count(*)::int as count from (${satisfactionVisitsSql(params)}) s group by s.score`,
  );
  const asked = rows.reduce((n, r) => n + r.count, 0);
  const answeredRows = rows.filter((r) => r.score !== null);
  const answered = answeredRows.reduce((n, r) => n + r.count, 0);
  const topTwo = answeredRows.filter((r) => Number(r.score) >= 4).reduce((n, r) => n + r.count, 0);
  return {
    asked,
    answered,
    topTwo,
    csat: ratio(topTwo, answered),
    responseRate: ratio(answered, asked),
    distribution: [1, 2, 3, 4, 5].map((score) => ({
      score,
      count: answeredRows.find((r) => Number(r.score) === score)?.count ?? 0,
    })),
  };
}
