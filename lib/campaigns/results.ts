import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import type { Channel, Locale } from "@/db/schema";

/** A visit booked this long after a campaign message was delivered is attributed to the campaign. */
export const ATTRIBUTION_DAYS = 14;

export interface CampaignResultRow {
  /** The channel the recipient's message last went on (a WhatsApp message that fell back to SMS is SMS). */
  channel: Channel;
  locale: Locale;
  recipients: number;
  delivered: number;
  /** Of the delivered, read (WhatsApp and email report it; SMS does not). */
  read: number;
  /** Recipients who wrote back within ATTRIBUTION_DAYS of the first send. */
  replies: number;
  /** Recipients who booked a visit within ATTRIBUTION_DAYS of delivery. */
  bookings: number;
  /** Recipients who withdrew marketing consent (any channel, any way) within ATTRIBUTION_DAYS of the first send. */
  optOuts: number;
}

/**
 * One row per recipient of the scope, with when their campaign message was first sent and first
 * delivered (the earliest delivered/read event of any of their messages, fallbacks included). Test sends
 * are never here: they write no recipient row.
 */
function recipientOutcomesSql(params: { clinicId: string; scope: SQL }): SQL {
  const { clinicId } = params;
  const days = sql`make_interval(days => ${ATTRIBUTION_DAYS})`;
  return sql`
    with r as (
      select r.id, r.patient_id, p.preferred_locale as locale
      from campaign_recipients r
      join patients p on p.id = r.patient_id and p.clinic_id = r.clinic_id
      where r.clinic_id = ${clinicId} and ${params.scope}
    ),
    d as (
      select d.id, d.subject_id, d.channel, d.status, d.created_at, d.last_attempt_at, d.updated_at
      from deliveries d
      where d.clinic_id = ${clinicId} and d.subject_type = 'campaign_recipient' and d.subject_id in (select id from r)
    ),
    latest as (
      select distinct on (subject_id) subject_id, channel, status from d order by subject_id, created_at desc, id desc
    ),
    sent as (
      select subject_id, min(last_attempt_at) as at,
        bool_or(status = 'read') as was_read,
        min(case when status in ('delivered', 'read') then updated_at end) as status_delivered_at
      from d group by subject_id
    ),
    ev as (
      select d.subject_id, min(e.occurred_at) as at
      from delivery_events e join d on d.id = e.delivery_id
      where e.clinic_id = ${clinicId} and e.status in ('delivered', 'read')
      group by d.subject_id
    )
    select r.id as recipient_id, r.patient_id, r.locale, latest.channel, sent.at as sent_at,
      coalesce(ev.at, sent.status_delivered_at) as delivered_at, coalesce(sent.was_read, false) as was_read,
      exists (select 1 from inbound_messages i where i.clinic_id = ${clinicId} and i.patient_id = r.patient_id
              and i.received_at >= sent.at and i.received_at < sent.at + ${days}) as replied,
      exists (select 1 from appointments a where a.clinic_id = ${clinicId} and a.patient_id = r.patient_id
              and a.created_at >= coalesce(ev.at, sent.status_delivered_at)
              and a.created_at < coalesce(ev.at, sent.status_delivered_at) + ${days}) as booked,
      exists (select 1 from marketing_consent_events c where c.clinic_id = ${clinicId} and c.patient_id = r.patient_id
              and c.granted = 'revoked' and c.occurred_at >= sent.at and c.occurred_at < sent.at + ${days}) as opted_out
    from r
    join latest on latest.subject_id = r.id
    left join sent on sent.subject_id = r.id
    left join ev on ev.subject_id = r.id`;
}

/** A campaign's results per channel and language (its own clinic only), and the totals. */
export async function getCampaignResults(
  db: Db,
  params: { clinicId: string; campaignId: string },
): Promise<{ rows: CampaignResultRow[]; total: Omit<CampaignResultRow, "channel" | "locale"> }> {
  if (!/^[0-9a-f-]{36}$/i.test(params.campaignId)) return { rows: [], total: emptyTotal() };
  const raw = await queryRows<Record<string, string | number>>(
    db,
    sql`select channel, locale, count(*)::int as recipients,
          count(*) filter (where delivered_at is not null)::int as delivered,
          count(*) filter (where delivered_at is not null and was_read)::int as read,
          count(*) filter (where replied)::int as replies,
          count(*) filter (where booked)::int as bookings,
          count(*) filter (where opted_out)::int as opt_outs
        from (${recipientOutcomesSql({ clinicId: params.clinicId, scope: sql`r.campaign_id = ${params.campaignId}` })}) o
        group by channel, locale order by channel, locale`,
  );
  const rows: CampaignResultRow[] = raw.map((r) => ({
    channel: r.channel as Channel,
    locale: r.locale as Locale,
    recipients: Number(r.recipients),
    delivered: Number(r.delivered),
    read: Number(r.read),
    replies: Number(r.replies),
    bookings: Number(r.bookings),
    optOuts: Number(r.opt_outs),
  }));
  const total = emptyTotal();
  for (const row of rows) for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += row[key];
  return { rows, total };
}

const emptyTotal = () => ({ recipients: 0, delivered: 0, read: 0, replies: 0, bookings: 0, optOuts: 0 });

/**
 * Campaign conversion for a period (for the results dashboard): of the campaign messages first delivered
 * in [from, to), how many led to a visit booked within ATTRIBUTION_DAYS. One clinic only.
 */
export async function getCampaignConversion(
  db: Db,
  params: { clinicId: string; from: Date; to: Date },
): Promise<{ delivered: number; booked: number }> {
  const [row] = await queryRows<{ delivered: number; booked: number }>(
    db,
    sql`select count(*)::int as delivered, count(*) filter (where booked)::int as booked
        from (${recipientOutcomesSql({
          clinicId: params.clinicId,
          // Recipients planned up to the period's end (a delivery cannot precede its planned time by much).
          scope: sql`coalesce(r.send_at, r.created_at) < ${params.to.toISOString()}::timestamptz
            and coalesce(r.send_at, r.created_at) >= ${params.from.toISOString()}::timestamptz - interval '2 days'`,
        })}) o
        where delivered_at >= ${params.from.toISOString()}::timestamptz and delivered_at < ${params.to.toISOString()}::timestamptz`,
  );
  return { delivered: Number(row?.delivered ?? 0), booked: Number(row?.booked ?? 0) };
}
