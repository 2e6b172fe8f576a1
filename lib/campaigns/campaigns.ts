import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import {
  campaignRecipients,
  campaigns,
  deliveries,
  patients,
  type Campaign,
  type Delivery,
  type CampaignStatus,
  type SegmentDefinition,
} from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { fieldErrorsOf } from "@/lib/errors";
import { zonedInputToDate } from "./zoned-input";
import { handToDriver } from "@/lib/notifications/drivers/current";
import { insertPlannedDeliveries, toScheduledDelivery, type NewDelivery } from "@/lib/notifications/insert-deliveries";
import { quietHoursEnd } from "@/lib/notifications/quiet-hours";
import { templateKey, type NotificationType } from "@/lib/notifications/registry";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { planCampaignSchedule, sendAtOfIndex, sendWindowProblem, type CampaignPlan } from "./plan-campaign-schedule";
import { createCampaignInputSchema, scheduleOf } from "./schemas";
import { countSegment, segmentRowsSql, type SegmentCount } from "./segment";

/** From this many recipients, the fan-out refreshes the table's statistics before walking it. */
const ANALYZE_AFTER_RECIPIENTS = 10_000;

/** Deliveries are inserted this many at a time (well under PostgreSQL's 65,535 parameters per statement). */
export const FAN_OUT_BATCH = 1000;

export type CreateCampaignResult =
  | { ok: true; campaignId: string }
  | { ok: false; error: "forbidden" }
  | { ok: false; error: "invalid"; fieldErrors: Record<string, string> };

/** The idempotency key of a recipient's campaign message: one per recipient row, whatever re-runs. */
const campaignDeliveryKey = (recipientId: string) => `campaign:${recipientId}`;

/**
 * An admin creates a campaign (a draft): a name, one of the MARKETING templates, an optional booking link,
 * the segment and when to send (empty = at launch). A time in the past or inside the clinic's quiet hours
 * is refused; bad input writes nothing. Audited.
 */
export async function createCampaign(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<CreateCampaignResult> {
  if (!can(ctx.role, "campaigns:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const parsed = createCampaignInputSchema.safeParse(params.input);
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: fieldErrorsOf(parsed.error) };
  const input = parsed.data;
  const schedule = scheduleOf(input);
  const { quietHours } = await getNotificationSettings(db, { clinicId: ctx.clinicId });
  const windowProblem = sendWindowProblem(
    { startMinute: schedule.sendWindowStartMinute, endMinute: schedule.sendWindowEndMinute },
    quietHours,
  );
  if (windowProblem) return { ok: false, error: "invalid", fieldErrors: { sendWindowEnd: windowProblem } };
  if (input.segment.patientIds) {
    // A pasted list names the clinic's own patients only: one from elsewhere refuses the whole campaign.
    const ids = [...new Set(input.segment.patientIds)];
    const found = await db
      .select({ id: patients.id })
      .from(patients)
      .where(and(eq(patients.clinicId, ctx.clinicId), inArray(patients.id, ids)));
    if (found.length !== ids.length) return { ok: false, error: "invalid", fieldErrors: { patientList: "notFound" } };
    input.segment.patientIds = ids;
  }
  let scheduledAt: Date | null = null;
  if (input.scheduledAt) {
    scheduledAt = zonedInputToDate(input.scheduledAt, ctx.clinic.timezone);
    if (scheduledAt.getTime() <= now.getTime()) return { ok: false, error: "invalid", fieldErrors: { scheduledAt: "inThePast" } };
    if (quietHoursEnd({ at: scheduledAt, timeZone: ctx.clinic.timezone, quietHours })) {
      return { ok: false, error: "invalid", fieldErrors: { scheduledAt: "inQuietHours" } };
    }
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({
        clinicId: ctx.clinicId,
        name: input.name,
        templateType: input.templateType as NotificationType,
        bookingUrl: input.bookingUrl ?? null,
        segment: input.segment as SegmentDefinition,
        status: "draft",
        scheduledAt,
        ...schedule,
        createdByUserId: ctx.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: campaigns.id });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "campaign.create",
      entityType: "campaign",
      entityId: row.id,
      metadata: {
        templateType: input.templateType,
        filters: Object.keys(input.segment).filter((k) => input.segment[k as keyof typeof input.segment] !== undefined),
      },
    });
    return { ok: true, campaignId: row.id } as const;
  });
}

export type LaunchCampaignResult =
  | { ok: true; recipients: number; queued: number }
  | { ok: false; error: "forbidden" | "notFound" | "cancelled" | "paused" | "emptySegment" | "inThePast" };

/**
 * Launches a draft (admins): the audience is frozen (one recipient row per eligible patient, the channel
 * chosen now) and the messages are queued. Launching again (a retry after a crash, a double click) adds
 * nothing that exists: recipients are unique per campaign and patient, deliveries per recipient.
 */
export async function launchCampaign(
  db: Db,
  ctx: StaffContext,
  params: { campaignId: string; now?: Date; batchSize?: number },
): Promise<LaunchCampaignResult> {
  if (!can(ctx.role, "campaigns:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const campaign = await getCampaign(db, { clinicId: ctx.clinicId, campaignId: params.campaignId });
  if (!campaign) return { ok: false, error: "notFound" };
  if (campaign.status === "cancelled") return { ok: false, error: "cancelled" };
  if (campaign.status === "paused") return { ok: false, error: "paused" };
  if (campaign.status === "draft") {
    if (campaign.scheduledAt && campaign.scheduledAt.getTime() <= now.getTime()) return { ok: false, error: "inThePast" };
    const count = await countSegment(db, {
      clinicId: ctx.clinicId,
      timeZone: ctx.clinic.timezone,
      segment: campaign.segment,
      now,
      patientCapDays: campaign.patientCapDays,
    });
    if (count.recipients === 0) return { ok: false, error: "emptySegment" };
    const status: CampaignStatus = campaign.scheduledAt ? "scheduled" : "sending";
    const claimed = await db
      .update(campaigns)
      .set({ status, launchedAt: now, updatedAt: now })
      .where(and(eq(campaigns.id, campaign.id), eq(campaigns.clinicId, ctx.clinicId), eq(campaigns.status, "draft")))
      .returning({ id: campaigns.id });
    if (claimed.length) {
      await recordAudit(db, {
        clinicId: ctx.clinicId,
        actorUserId: ctx.userId,
        action: "campaign.launch",
        entityType: "campaign",
        entityId: campaign.id,
        metadata: { recipients: count.recipients },
      });
    }
  }
  const fanned = await fanOutCampaign(db, {
    clinicId: ctx.clinicId,
    campaignId: campaign.id,
    timeZone: ctx.clinic.timezone,
    now,
    batchSize: params.batchSize,
  });
  if (!fanned) return { ok: false, error: "cancelled" };
  return { ok: true, ...fanned };
}

type ScheduleColumns = Pick<Campaign, "sendWindowStartMinute" | "sendWindowEndMinute" | "dailyCap" | "pricePerMessageCents">;

/** A campaign's plan over days from its own schedule columns (planCampaignSchedule). */
function planOf(
  campaign: ScheduleColumns,
  params: { recipients: number; start: Date; timeZone: string; firstDayCapacity?: number },
): CampaignPlan {
  return planCampaignSchedule({
    recipients: params.recipients,
    start: params.start,
    timeZone: params.timeZone,
    window: { startMinute: campaign.sendWindowStartMinute, endMinute: campaign.sendWindowEndMinute },
    dailyCap: campaign.dailyCap,
    firstDayCapacity: params.firstDayCapacity,
    pricePerMessageCents: campaign.pricePerMessageCents,
  });
}

export interface CampaignEstimate {
  count: SegmentCount;
  plan: CampaignPlan;
}

/**
 * What launching would do, before launch: who would receive it (and who not, why), over how many days,
 * from when, at what cost. The count and plan are the ones the fan-out uses.
 */
export async function estimateCampaign(
  db: Db,
  params: {
    clinicId: string;
    timeZone: string;
    campaign: ScheduleColumns & Pick<Campaign, "segment" | "scheduledAt" | "patientCapDays">;
    now: Date;
  },
): Promise<CampaignEstimate> {
  const { campaign, now } = params;
  const count = await countSegment(db, {
    clinicId: params.clinicId,
    timeZone: params.timeZone,
    segment: campaign.segment,
    now,
    patientCapDays: campaign.patientCapDays,
  });
  const start = campaign.scheduledAt && campaign.scheduledAt.getTime() > now.getTime() ? campaign.scheduledAt : now;
  return { count, plan: planOf(campaign, { recipients: count.recipients, start, timeZone: params.timeZone }) };
}

/**
 * Freezes the audience of a launched campaign and queues its messages, in batches. Idempotent: a re-run
 * finds the recipient rows and deliveries already there and inserts nothing new for them. Pacing and
 * quiet hours are the engine's; each message is re-checked when sent (consent, channel, campaign status).
 * Returns null for a campaign that is not launched (draft, cancelled) or not the clinic's.
 */
export async function fanOutCampaign(
  db: Db,
  params: { clinicId: string; campaignId: string; timeZone: string; now: Date; batchSize?: number },
): Promise<{ recipients: number; queued: number } | null> {
  const campaign = await getCampaign(db, { clinicId: params.clinicId, campaignId: params.campaignId });
  if (!campaign || (campaign.status !== "scheduled" && campaign.status !== "sending" && campaign.status !== "done")) return null;
  const launchedAt = campaign.launchedAt ?? params.now;
  // The frozen audience, in one set-based statement (no row per patient leaves the database).
  await db.execute(sql`
    insert into campaign_recipients (clinic_id, campaign_id, patient_id, channel, created_at)
    select ${params.clinicId}, ${campaign.id}, s.patient_id, s.channel::channel, ${launchedAt.toISOString()}::timestamptz
    from (${segmentRowsSql({ clinicId: params.clinicId, timeZone: params.timeZone, segment: campaign.segment, now: launchedAt, campaignId: campaign.id, patientCapDays: campaign.patientCapDays })}) s
    where s.reason is null
    on conflict (campaign_id, patient_id) do nothing`);

  // The plan over days (the daily cap, the send window): the same code the launch screen's estimate uses.
  const [{ n: total }] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from campaign_recipients where clinic_id = ${params.clinicId} and campaign_id = ${campaign.id}`,
  );
  // A large audience just inserted: fresh statistics, or the planner takes the campaign for a few rows and
  // sorts the whole audience on every batch instead of walking the (campaign_id, patient_id) index.
  if (Number(total) >= ANALYZE_AFTER_RECIPIENTS) await db.execute(sql`analyze campaign_recipients`);
  const plan = planOf(campaign, { recipients: Number(total), start: campaign.scheduledAt ?? launchedAt, timeZone: params.timeZone });
  // Each recipient's day by its place in the fan-out's order (by patient), in one set-based statement; a
  // re-run keeps every time already planned (only rows without one are set).
  if (plan.days.length) {
    let upto = 0;
    const days = plan.days.map((d) => {
      const lo = upto;
      upto += d.count;
      return sql`(${lo}::int, ${upto}::int, ${d.sendAt.toISOString()}::timestamptz)`;
    });
    await db.execute(sql`
      update campaign_recipients r set send_at = d.at
      from (select id, (row_number() over (order by patient_id) - 1)::int as k
            from campaign_recipients where clinic_id = ${params.clinicId} and campaign_id = ${campaign.id}) n,
           (values ${sql.join(days, sql`, `)}) as d(lo, hi, at)
      where r.id = n.id and r.clinic_id = ${params.clinicId} and r.send_at is null and n.k >= d.lo and n.k < d.hi`);
  }
  const payload = campaign.bookingUrl ? { bookingUrl: campaign.bookingUrl } : {};
  const batchSize = params.batchSize ?? FAN_OUT_BATCH;
  // Keyset on (campaign_id, patient_id): the unique index walks the audience in order, a batch at a time.
  let after = "00000000-0000-0000-0000-000000000000";
  let recipients = 0;
  let queued = 0;
  for (;;) {
    const batch = await db
      .select({
        id: campaignRecipients.id,
        patientId: campaignRecipients.patientId,
        channel: campaignRecipients.channel,
        sendAt: campaignRecipients.sendAt,
        locale: patients.preferredLocale,
      })
      .from(campaignRecipients)
      .innerJoin(patients, and(eq(patients.id, campaignRecipients.patientId), eq(patients.clinicId, campaignRecipients.clinicId)))
      .where(
        and(
          eq(campaignRecipients.campaignId, campaign.id),
          eq(campaignRecipients.clinicId, params.clinicId),
          gt(campaignRecipients.patientId, after),
        ),
      )
      .orderBy(asc(campaignRecipients.patientId))
      .limit(batchSize);
    if (batch.length === 0) break;
    after = batch[batch.length - 1].patientId;
    const sendAtOf = new Map(batch.map((r, i) => [r.id, r.sendAt ?? sendAtOfIndex(plan, recipients + i) ?? plan.lastSendAt ?? launchedAt]));
    recipients += batch.length;
    const rows: NewDelivery[] = batch.map((r) => ({
      clinicId: params.clinicId,
      patientId: r.patientId,
      subjectType: "campaign_recipient",
      subjectId: r.id,
      notificationType: campaign.templateType,
      channel: r.channel,
      locale: r.locale,
      templateKey: templateKey(campaign.templateType, "in_person", r.locale),
      payload,
      sendAt: sendAtOf.get(r.id)!,
      idempotencyKey: campaignDeliveryKey(r.id),
    }));
    const inserted = await db.transaction((tx) => insertPlannedDeliveries(tx, { rows, now: params.now }));
    queued += inserted.length;
    if (inserted.length) await handToDriver({ changedSubjects: [], scheduled: inserted.map(toScheduledDelivery) });
  }
  return { recipients, queued };
}

export type CancelCampaignResult = { ok: true; cancelled: number } | { ok: false; error: "forbidden" | "notFound" | "alreadyFinished" };

/** Cancels a campaign (admins): nothing that has not gone out goes out; what went out stays on the record. */
export async function cancelCampaign(db: Db, ctx: StaffContext, params: { campaignId: string; now?: Date }): Promise<CancelCampaignResult> {
  if (!can(ctx.role, "campaigns:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const [campaign] = await tx
      .select({ id: campaigns.id, status: campaigns.status })
      .from(campaigns)
      .where(and(eq(campaigns.id, params.campaignId), eq(campaigns.clinicId, ctx.clinicId)))
      .for("update")
      .limit(1);
    if (!campaign) return { ok: false, error: "notFound" } as const;
    if (campaign.status === "cancelled" || campaign.status === "done") return { ok: false, error: "alreadyFinished" } as const;
    await tx.update(campaigns).set({ status: "cancelled", cancelledAt: now, updatedAt: now }).where(eq(campaigns.id, campaign.id));
    const cancelled = await tx
      .update(deliveries)
      .set({ status: "cancelled", errorCode: "campaign_cancelled", updatedAt: now })
      .where(
        and(
          eq(deliveries.clinicId, ctx.clinicId),
          eq(deliveries.subjectType, "campaign_recipient"),
          eq(deliveries.status, "scheduled"),
          inArray(
            deliveries.subjectId,
            tx
              .select({ id: campaignRecipients.id })
              .from(campaignRecipients)
              .where(and(eq(campaignRecipients.campaignId, campaign.id), eq(campaignRecipients.clinicId, ctx.clinicId))),
          ),
        ),
      )
      .returning({ id: deliveries.id });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "campaign.cancel",
      entityType: "campaign",
      entityId: campaign.id,
      metadata: { cancelledDeliveries: cancelled.length },
    });
    return { ok: true, cancelled: cancelled.length } as const;
  });
}

/** The error code a campaign's pending message carries while the campaign is paused (held, not lost). */
export const CAMPAIGN_PAUSED_CODE = "campaign_paused";
/** Held messages wait here: never due until a resume plans them again. */
const HELD_UNTIL = new Date("9999-12-31T00:00:00Z");

/** The campaign's own recipient ids, for a delivery filter (always with the clinic). */
const recipientIdsOf = (db: Db, params: { clinicId: string; campaignId: string }) =>
  db
    .select({ id: campaignRecipients.id })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, params.campaignId), eq(campaignRecipients.clinicId, params.clinicId)));

export type PauseCampaignResult = { ok: true; held: number } | { ok: false; error: "forbidden" | "notFound" | "notRunning" };

/**
 * Pauses a launched campaign (admins): every message not yet gone out is held — still `scheduled`, never
 * due — until resumed; nothing is cancelled or lost. Pausing a paused campaign holds nothing more. A
 * message already handed to the provider when the pause commits goes out.
 */
export async function pauseCampaign(db: Db, ctx: StaffContext, params: { campaignId: string; now?: Date }): Promise<PauseCampaignResult> {
  if (!can(ctx.role, "campaigns:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const [campaign] = await tx
      .select({ id: campaigns.id, status: campaigns.status })
      .from(campaigns)
      .where(and(eq(campaigns.id, params.campaignId), eq(campaigns.clinicId, ctx.clinicId)))
      .for("update")
      .limit(1);
    if (!campaign) return { ok: false, error: "notFound" } as const;
    if (campaign.status === "paused") return { ok: true, held: 0 } as const;
    if (campaign.status !== "scheduled" && campaign.status !== "sending") return { ok: false, error: "notRunning" } as const;
    await tx.update(campaigns).set({ status: "paused", pausedAt: now, updatedAt: now }).where(eq(campaigns.id, campaign.id));
    const held = await tx
      .update(deliveries)
      .set({ nextAttemptAt: HELD_UNTIL, errorCode: CAMPAIGN_PAUSED_CODE, updatedAt: now })
      .where(
        and(
          eq(deliveries.clinicId, ctx.clinicId),
          eq(deliveries.subjectType, "campaign_recipient"),
          eq(deliveries.status, "scheduled"),
          inArray(deliveries.subjectId, recipientIdsOf(tx, { clinicId: ctx.clinicId, campaignId: campaign.id })),
        ),
      )
      .returning({ id: deliveries.id });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "campaign.pause",
      entityType: "campaign",
      entityId: campaign.id,
      metadata: { held: held.length },
    });
    return { ok: true, held: held.length } as const;
  });
}

export type ResumeCampaignResult =
  { ok: true; resumed: number; days: number } | { ok: false; error: "forbidden" | "notFound" | "notPaused" };

/**
 * Resumes a paused campaign (admins): the held messages are planned again from now (or the scheduled
 * time, if still ahead) with the campaign's window and daily cap — what already went out in the last
 * 24 h counts against today's cap — and handed to the driver. Resuming a running campaign changes nothing.
 */
export async function resumeCampaign(db: Db, ctx: StaffContext, params: { campaignId: string; now?: Date }): Promise<ResumeCampaignResult> {
  if (!can(ctx.role, "campaigns:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const outcome = await db.transaction(async (tx) => {
    const [campaign] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, params.campaignId), eq(campaigns.clinicId, ctx.clinicId)))
      .for("update")
      .limit(1);
    if (!campaign) return { ok: false, error: "notFound" } as const;
    if (campaign.status === "scheduled" || campaign.status === "sending") return { ok: true, resumed: 0, days: 0, rows: [] } as const;
    if (campaign.status !== "paused") return { ok: false, error: "notPaused" } as const;
    const ahead = campaign.scheduledAt && campaign.scheduledAt.getTime() > now.getTime();
    await tx
      .update(campaigns)
      .set({ status: ahead ? "scheduled" : "sending", pausedAt: null, updatedAt: now })
      .where(eq(campaigns.id, campaign.id));
    const mine = sql`d.clinic_id = ${ctx.clinicId} and d.subject_type = 'campaign_recipient'
      and d.subject_id in (select r.id from campaign_recipients r where r.clinic_id = ${ctx.clinicId} and r.campaign_id = ${campaign.id})`;
    const [{ held, recent }] = await queryRows<{ held: number; recent: number }>(
      tx,
      sql`select
            count(*) filter (where d.status = 'scheduled' and d.error_code = ${CAMPAIGN_PAUSED_CODE})::int as held,
            count(distinct d.patient_id) filter (where d.status not in ('scheduled', 'cancelled', 'skipped')
              and coalesce(d.last_attempt_at, d.send_at) > ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz)::int as recent
          from deliveries d where ${mine}`,
    );
    const plan = planOf(campaign, {
      recipients: Number(held),
      start: ahead ? campaign.scheduledAt! : now,
      timeZone: ctx.clinic.timezone,
      firstDayCapacity: campaign.dailyCap - Number(recent),
    });
    const rows: Delivery[] = [];
    for (const day of plan.days) {
      // This day's share: the first `count` still held, in the fan-out's order (by recipient).
      const next = sql`select d.id from deliveries d where ${mine} and d.status = 'scheduled' and d.error_code = ${CAMPAIGN_PAUSED_CODE}
                       order by d.subject_id limit ${day.count}`;
      const moved = await tx
        .update(deliveries)
        .set({ sendAt: day.sendAt, nextAttemptAt: day.sendAt, errorCode: null, updatedAt: now })
        .where(and(eq(deliveries.clinicId, ctx.clinicId), sql`${deliveries.id} in (${next})`))
        .returning();
      await tx
        .update(campaignRecipients)
        .set({ sendAt: day.sendAt })
        .where(
          and(
            eq(campaignRecipients.clinicId, ctx.clinicId),
            inArray(
              campaignRecipients.id,
              moved.map((m) => m.subjectId),
            ),
          ),
        );
      rows.push(...moved);
    }
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "campaign.resume",
      entityType: "campaign",
      entityId: campaign.id,
      metadata: { resumed: rows.length, days: plan.days.length },
    });
    return { ok: true, resumed: rows.length, days: plan.days.length, rows } as const;
  });
  if (!outcome.ok) return outcome;
  for (let i = 0; i < outcome.rows.length; i += FAN_OUT_BATCH) {
    await handToDriver({ changedSubjects: [], scheduled: outcome.rows.slice(i, i + FAN_OUT_BATCH).map(toScheduledDelivery) });
  }
  return { ok: true, resumed: outcome.resumed, days: outcome.days };
}

export async function getCampaign(db: Db, params: { clinicId: string; campaignId: string }): Promise<Campaign | null> {
  if (!/^[0-9a-f-]{36}$/i.test(params.campaignId)) return null;
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, params.campaignId), eq(campaigns.clinicId, params.clinicId)))
    .limit(1);
  return row ?? null;
}

export async function listCampaigns(db: Db, params: { clinicId: string; limit?: number }): Promise<Campaign[]> {
  return db
    .select()
    .from(campaigns)
    .where(eq(campaigns.clinicId, params.clinicId))
    .orderBy(desc(campaigns.createdAt))
    .limit(params.limit ?? 100);
}

export interface CampaignProgress {
  recipients: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  skipped: number;
  cancelled: number;
  /** Held while the campaign is paused (also counted in queued). */
  held: number;
  /** Meta chose not to deliver the marketing message (63049 / 131049; also counted in failed). */
  limited: number;
}

/** The provider codes for "Meta chose not to deliver this marketing message to this user now". */
export const MARKETING_LIMITED_CODES = ["63049", "131049"] as const;

const BUCKET_OF: Record<string, keyof Omit<CampaignProgress, "recipients" | "held" | "limited">> = {
  scheduled: "queued",
  sending: "queued",
  queued: "sent",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  failed: "failed",
  undelivered: "failed",
  skipped: "skipped",
  cancelled: "cancelled",
};

/**
 * Progress computed from the deliveries: each recipient counted once, by their latest message (a WhatsApp
 * message that fell back to SMS counts as the SMS).
 */
export async function getCampaignProgress(db: Db, params: { clinicId: string; campaignId: string }): Promise<CampaignProgress> {
  const rows = await queryRows<{ status: string; n: number; held: number; limited: number }>(
    db,
    sql`select status, count(*)::int as n,
          count(*) filter (where error_code = ${CAMPAIGN_PAUSED_CODE} and status = 'scheduled')::int as held,
          count(*) filter (where error_code in (${sql.join(
            MARKETING_LIMITED_CODES.map((c) => sql`${c}`),
            sql`, `,
          )}) and status in ('failed', 'undelivered'))::int as limited
        from (
          select distinct on (d.subject_id) d.status, d.error_code
          from deliveries d
          join campaign_recipients r on r.id = d.subject_id and r.clinic_id = d.clinic_id
          where d.clinic_id = ${params.clinicId} and d.subject_type = 'campaign_recipient' and r.campaign_id = ${params.campaignId}
          order by d.subject_id, d.created_at desc, d.id desc
        ) latest group by status`,
  );
  const progress: CampaignProgress = {
    recipients: 0,
    queued: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
    held: 0,
    limited: 0,
  };
  for (const row of rows) {
    const bucket = BUCKET_OF[row.status];
    if (!bucket) continue;
    progress.held += Number(row.held);
    progress.limited += Number(row.limited);
    progress[bucket] += Number(row.n);
    progress.recipients += Number(row.n);
  }
  return progress;
}

/** What the list shows: a launched campaign with nothing left to send is done. */
export function effectiveStatus(campaign: Pick<Campaign, "status" | "scheduledAt">, progress: CampaignProgress, now: Date): CampaignStatus {
  if (campaign.status === "scheduled" && campaign.scheduledAt && campaign.scheduledAt.getTime() <= now.getTime()) {
    return progress.queued === 0 && progress.recipients > 0 ? "done" : "sending";
  }
  if (campaign.status === "sending" && progress.queued === 0 && progress.recipients > 0) return "done";
  // A paused campaign whose last messages had already gone out has nothing left to hold.
  if (campaign.status === "paused" && progress.queued === 0 && progress.recipients > 0) return "done";
  return campaign.status;
}
