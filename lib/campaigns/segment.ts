import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { EXCLUSION_REASONS, type Channel, type ExclusionReason, type SegmentDefinition } from "@/db/schema";
import { zonedCalendarDate, zonedDateTime } from "@/lib/dates";
import { whatsappRetryAfterDays } from "@/lib/notifications/provider-errors";

/**
 * A campaign contacted a patient this recently (or will: a recipient planned for a later day of a paced
 * campaign counts from that day): a second one waits. The default per-patient cap across campaigns.
 */
export const RECENT_CONTACT_DAYS = 7;

/** Visits that count as "a visit" for a segment: not cancelled, not missed. */
const VISITED = sql`('scheduled', 'confirmed', 'completed')`;

function dayStart(day: string, timeZone: string): Date {
  const [year, month, dayOfMonth] = day.split("-").map(Number);
  return zonedDateTime(timeZone, { year, month, day: dayOfMonth, hour: 0 });
}

/** The clinic's today minus `years`, as YYYY-MM-DD (birthdays compare as text). */
function yearsAgo(now: Date, timeZone: string, years: number): string {
  const { year, month, day } = zonedCalendarDate(now, timeZone);
  return `${String(year - years).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * One row per patient of the clinic in the segment, with the channel a campaign would use and, for the
 * excluded, why (the first reason that applies: no consent, opted out, no usable channel, contacted by
 * another campaign in the last 7 days). Set-based: one scan of the clinic's patients, each filter an
 * indexed lookup on (clinic_id, patient_id, starts_at) — never a query per patient, never a diagnosis.
 */
export function segmentRowsSql(params: {
  clinicId: string;
  timeZone: string;
  segment: SegmentDefinition;
  now: Date;
  /** Re-running a campaign's fan-out: its own recipients do not count as "recently contacted". */
  campaignId?: string;
  /** The per-patient cap across campaigns: one campaign message in this many days (0 = no cap). */
  patientCapDays?: number;
}): SQL {
  const { clinicId, timeZone, segment: s, now } = params;
  const nowIso = now.toISOString();
  const visits = (extra: SQL) =>
    sql`exists (select 1 from appointments a where a.clinic_id = p.clinic_id and a.patient_id = p.id and a.status in ${VISITED} and ${extra})`;
  const lastVisit = sql`(select max(a.starts_at) from appointments a where a.clinic_id = p.clinic_id and a.patient_id = p.id and a.status in ${VISITED} and a.starts_at < ${nowIso}::timestamptz)`;
  const filters: SQL[] = [sql`p.clinic_id = ${clinicId}`];
  if (s.lastVisitBefore) filters.push(sql`${lastVisit} < ${dayStart(s.lastVisitBefore, timeZone).toISOString()}::timestamptz`);
  if (s.lastVisitAfter) filters.push(sql`${lastVisit} >= ${dayStart(s.lastVisitAfter, timeZone).toISOString()}::timestamptz`);
  if (s.noVisitMonths) {
    filters.push(
      sql`not ${visits(sql`a.starts_at < ${nowIso}::timestamptz and a.starts_at >= ${nowIso}::timestamptz - make_interval(months => ${s.noVisitMonths}::int)`)}`,
    );
  }
  if (s.doctorId) filters.push(visits(sql`a.doctor_id = ${s.doctorId} and a.starts_at < ${nowIso}::timestamptz`));
  if (s.visitKind) filters.push(visits(sql`a.kind = ${s.visitKind} and a.starts_at < ${nowIso}::timestamptz`));
  if (s.ageMin !== undefined) filters.push(sql`p.birth_date <= ${yearsAgo(now, timeZone, s.ageMin)}::date`);
  if (s.ageMax !== undefined) filters.push(sql`p.birth_date > ${yearsAgo(now, timeZone, s.ageMax + 1)}::date`);
  if (s.locale) filters.push(sql`p.preferred_locale = ${s.locale}`);
  if (s.hasUpcomingVisit !== undefined) {
    const upcoming = sql`exists (select 1 from appointments a where a.clinic_id = p.clinic_id and a.patient_id = p.id and a.status in ('scheduled', 'confirmed') and a.starts_at >= ${nowIso}::timestamptz)`;
    filters.push(s.hasUpcomingVisit ? upcoming : sql`not ${upcoming}`);
  }
  if (s.patientIds) {
    filters.push(
      s.patientIds.length
        ? sql`p.id in (${sql.join(
            s.patientIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql`false`,
    );
  }
  const whatsappRetry = new Date(now.getTime() - whatsappRetryAfterDays() * 86_400_000).toISOString();
  const capDays = params.patientCapDays ?? RECENT_CONTACT_DAYS;
  const recentSince = new Date(now.getTime() - capDays * 86_400_000).toISOString();
  const otherCampaign = params.campaignId ? sql`and cr.campaign_id <> ${params.campaignId}` : sql``;
  // Same rules as channelUsable (lib/notifications/reach.ts): opt-outs and learned reachability.
  return sql`
    with base as (
      select p.id as patient_id,
        coalesce(mc.wa, false) as c_wa, coalesce(mc.sms, false) as c_sms, coalesce(mc.email, false) as c_email,
        p.whatsapp_opted_out_at is not null as out_wa,
        p.sms_opted_out_at is not null as out_sms,
        p.email_opted_out_at is not null as out_email,
        (p.whatsapp_opted_out_at is null and not (p.whatsapp_reachability = 'no' and coalesce(p.whatsapp_reachability_checked_at, 'epoch'::timestamptz) > ${whatsappRetry}::timestamptz)) as ok_wa,
        (p.sms_opted_out_at is null and p.sms_reachability <> 'no') as ok_sms,
        (p.email_opted_out_at is null and p.email is not null and p.email_bounced_at is null) as ok_email,
        ${
          capDays > 0
            ? sql`exists (select 1 from campaign_recipients cr where cr.clinic_id = p.clinic_id and cr.patient_id = p.id
                and coalesce(cr.send_at, cr.created_at) > ${recentSince}::timestamptz ${otherCampaign})`
            : sql`false`
        } as recent
      from patients p
      left join (
        select patient_id, bool_or(channel = 'whatsapp') as wa, bool_or(channel = 'sms') as sms, bool_or(channel = 'email') as email
        from marketing_consents where clinic_id = ${clinicId} and purpose = 'marketing' and granted_at is not null
        group by patient_id
      ) mc on mc.patient_id = p.id
      where ${sql.join(filters, sql` and `)}
    )
    select patient_id,
      case when c_wa and ok_wa then 'whatsapp' when c_sms and ok_sms then 'sms' when c_email and ok_email then 'email' end as channel,
      case
        when not (c_wa or c_sms or c_email) then 'no_consent'
        when not ((c_wa and ok_wa) or (c_sms and ok_sms) or (c_email and ok_email))
          and ((c_wa and out_wa) or (c_sms and out_sms) or (c_email and out_email)) then 'opted_out'
        when not ((c_wa and ok_wa) or (c_sms and ok_sms) or (c_email and ok_email)) then 'no_usable_channel'
        when recent then 'recently_contacted'
      end as reason
    from base`;
}

export interface SegmentCount {
  recipients: number;
  excluded: Record<ExclusionReason, number>;
}

/** The live count: who would receive the campaign now, and who is left out, by reason. */
export async function countSegment(
  db: Db,
  params: { clinicId: string; timeZone: string; segment: SegmentDefinition; now: Date; patientCapDays?: number },
): Promise<SegmentCount> {
  const rows = await queryRows<{ reason: string | null; n: number }>(
    db,
    sql`select reason, count(*)::int as n from (${segmentRowsSql(params)}) rows group by reason`,
  );
  const excluded = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<ExclusionReason, number>;
  let recipients = 0;
  for (const row of rows) {
    if (row.reason === null) recipients = Number(row.n);
    else excluded[row.reason as ExclusionReason] = Number(row.n);
  }
  return { recipients, excluded };
}

export type SegmentRow = { patient_id: string; channel: Channel | null; reason: ExclusionReason | null };
