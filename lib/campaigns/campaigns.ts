import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import {
  campaignRecipients,
  campaigns,
  deliveries,
  patients,
  type Campaign,
  type CampaignStatus,
  type SegmentDefinition,
} from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { zonedDateTime } from "@/lib/dates";
import { fieldErrorsOf } from "@/lib/errors";
import { handToDriver } from "@/lib/notifications/drivers/current";
import { insertPlannedDeliveries, toScheduledDelivery, type NewDelivery } from "@/lib/notifications/insert-deliveries";
import { quietHoursEnd } from "@/lib/notifications/quiet-hours";
import { templateKey, type NotificationType } from "@/lib/notifications/registry";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { createCampaignInputSchema } from "./schemas";
import { countSegment, segmentRowsSql } from "./segment";

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
  let scheduledAt: Date | null = null;
  if (input.scheduledAt) {
    const [day, time] = input.scheduledAt.split("T");
    const [year, month, dayOfMonth] = day.split("-").map(Number);
    const [hour, minute] = time.split(":").map(Number);
    scheduledAt = zonedDateTime(ctx.clinic.timezone, { year, month, day: dayOfMonth, hour, minute });
    if (scheduledAt.getTime() <= now.getTime()) return { ok: false, error: "invalid", fieldErrors: { scheduledAt: "inThePast" } };
    const { quietHours } = await getNotificationSettings(db, { clinicId: ctx.clinicId });
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
  | { ok: false; error: "forbidden" | "notFound" | "cancelled" | "emptySegment" | "inThePast" };

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
  if (campaign.status === "draft") {
    if (campaign.scheduledAt && campaign.scheduledAt.getTime() <= now.getTime()) return { ok: false, error: "inThePast" };
    const count = await countSegment(db, { clinicId: ctx.clinicId, timeZone: ctx.clinic.timezone, segment: campaign.segment, now });
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
    from (${segmentRowsSql({ clinicId: params.clinicId, timeZone: params.timeZone, segment: campaign.segment, now: launchedAt, campaignId: campaign.id })}) s
    where s.reason is null
    on conflict (campaign_id, patient_id) do nothing`);

  const sendAt = campaign.scheduledAt ?? launchedAt;
  const payload = campaign.bookingUrl ? { bookingUrl: campaign.bookingUrl } : {};
  const batchSize = params.batchSize ?? FAN_OUT_BATCH;
  let after = "00000000-0000-0000-0000-000000000000";
  let recipients = 0;
  let queued = 0;
  for (;;) {
    const batch = await db
      .select({
        id: campaignRecipients.id,
        patientId: campaignRecipients.patientId,
        channel: campaignRecipients.channel,
        locale: patients.preferredLocale,
      })
      .from(campaignRecipients)
      .innerJoin(patients, and(eq(patients.id, campaignRecipients.patientId), eq(patients.clinicId, campaignRecipients.clinicId)))
      .where(
        and(
          eq(campaignRecipients.campaignId, campaign.id),
          eq(campaignRecipients.clinicId, params.clinicId),
          gt(campaignRecipients.id, after),
        ),
      )
      .orderBy(asc(campaignRecipients.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
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
      sendAt,
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
}

const BUCKET_OF: Record<string, keyof Omit<CampaignProgress, "recipients">> = {
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
  const rows = await queryRows<{ status: string; n: number }>(
    db,
    sql`select status, count(*)::int as n from (
          select distinct on (d.subject_id) d.status
          from deliveries d
          join campaign_recipients r on r.id = d.subject_id and r.clinic_id = d.clinic_id
          where d.clinic_id = ${params.clinicId} and d.subject_type = 'campaign_recipient' and r.campaign_id = ${params.campaignId}
          order by d.subject_id, d.created_at desc, d.id desc
        ) latest group by status`,
  );
  const progress: CampaignProgress = { recipients: 0, queued: 0, sent: 0, delivered: 0, failed: 0, skipped: 0, cancelled: 0 };
  for (const row of rows) {
    const bucket = BUCKET_OF[row.status];
    if (!bucket) continue;
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
  return campaign.status;
}
