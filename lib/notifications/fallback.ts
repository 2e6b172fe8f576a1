import { and, eq, inArray, isNotNull, isNull, lt, ne, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, marketingConsents, patients, type Channel, type Delivery, type Patient } from "@/db/schema";
import { FALLBACK_ORDER, kindOf, NOTIFICATION_REGISTRY, type NotificationType } from "./registry";
import { channelUsable } from "./reach";
import { getNotificationSettings, type ClinicNotificationSettings } from "./settings";
import type { ProviderErrorRule } from "./provider-errors";
import { getEnv } from "@/lib/env";
import { insertPlannedDeliveries } from "./insert-deliveries";
import { cloneDelivery } from "./engine/clone-delivery";
import { handToDriver } from "./drivers/current";
import { setMarketingConsent } from "@/lib/campaigns/consent";

async function consentedMarketingChannels(db: Db, delivery: Pick<Delivery, "clinicId" | "patientId">) {
  const rows = await db
    .select({ channel: marketingConsents.channel })
    .from(marketingConsents)
    .where(
      and(
        eq(marketingConsents.clinicId, delivery.clinicId),
        eq(marketingConsents.patientId, delivery.patientId),
        eq(marketingConsents.purpose, "marketing"),
        isNotNull(marketingConsents.grantedAt),
      ),
    );
  return new Set(rows.map((r) => r.channel));
}

export { channelUsable } from "./reach";

/** A MARKETING type (a campaign's message): some provider codes mean something else for it, and it falls back only where consented. */
export function isMarketingType(type: NotificationType) {
  return NOTIFICATION_REGISTRY[type]?.category === "marketing";
}

/**
 * Mirrors on the patient what a provider told us (opted out, address unusable on a channel). A marketing
 * opt-out (WhatsApp "stop promotions") revokes that channel's marketing consent only.
 */
export async function learnFromProviderError(
  db: Db,
  params: { delivery: Pick<Delivery, "patientId" | "clinicId" | "channel">; rule: ProviderErrorRule; now: Date },
) {
  const { delivery, rule, now } = params;
  if (rule.marketingOptOut) {
    await setMarketingConsent(db, {
      clinicId: delivery.clinicId,
      patientId: delivery.patientId,
      channel: delivery.channel,
      granted: false,
      source: "provider",
      actorUserId: null,
      now,
    });
  }
  const set: Partial<typeof patients.$inferInsert> = {};
  if (rule.optOut) {
    // An opt-out already on record (e.g. the patient's own STOP, which Twilio then enforces with 21610)
    // keeps its time and source.
    const keep = (column: unknown, value: unknown) => sql`coalesce(${column}, ${value})`;
    const at = sql`${now.toISOString()}::timestamptz`;
    if (delivery.channel === "whatsapp") {
      Object.assign(set, {
        whatsappOptedOutAt: keep(patients.whatsappOptedOutAt, at),
        whatsappOptOutSource: keep(patients.whatsappOptOutSource, sql`'provider'::opt_out_source`),
      });
    }
    if (delivery.channel === "sms") {
      Object.assign(set, {
        smsOptedOutAt: keep(patients.smsOptedOutAt, at),
        smsOptOutSource: keep(patients.smsOptOutSource, sql`'provider'::opt_out_source`),
      });
    }
    if (delivery.channel === "email") {
      Object.assign(set, {
        emailOptedOutAt: keep(patients.emailOptedOutAt, at),
        emailOptOutSource: keep(patients.emailOptOutSource, sql`'provider'::opt_out_source`),
      });
    }
  }
  if (rule.unreachable) {
    if (delivery.channel === "whatsapp") Object.assign(set, { whatsappReachability: "no", whatsappReachabilityCheckedAt: now });
    if (delivery.channel === "sms") Object.assign(set, { smsReachability: "no", smsReachabilityCheckedAt: now });
    if (delivery.channel === "email") Object.assign(set, { emailBouncedAt: now });
  }
  if (Object.keys(set).length === 0) return;
  await db
    .update(patients)
    .set({ ...set, updatedAt: now })
    .where(and(eq(patients.id, delivery.patientId), eq(patients.clinicId, delivery.clinicId)));
}

/** The channels after `from` (WhatsApp → SMS → email) that the clinic allows for the type and that can reach the patient now. */
export function fallbackChannels(params: {
  type: NotificationType;
  from: Channel;
  patient: Patient;
  settings: Pick<ClinicNotificationSettings, "channels">;
  now: Date;
}): Channel[] {
  const { type, patient, settings, now } = params;
  return FALLBACK_ORDER.slice(FALLBACK_ORDER.indexOf(params.from) + 1).filter(
    (channel) => settings.channels[type]?.[channel] && channelUsable(patient, channel, now).usable,
  );
}

/**
 * The same message on the next channel that can reach the patient (WhatsApp → SMS → email, as the clinic's
 * settings for the type allow), chained by `fallback_of_id`. Nothing is planned when the patient already
 * gets this message on that channel, or when no channel is left. Returns the new row, if any.
 */
export async function planFallback(db: Db, params: { delivery: Delivery; now: Date }) {
  const { delivery, now } = params;
  const type = delivery.notificationType;
  // Some kinds go on one channel or not at all (the answer to a patient's STOP, on the channel they wrote on).
  if (!kindOf(type)?.fallsBack) return null;
  const [patient] = await db
    .select()
    .from(patients)
    .where(and(eq(patients.id, delivery.patientId), eq(patients.clinicId, delivery.clinicId)))
    .limit(1);
  if (!patient) return null;
  const settings = await getNotificationSettings(db, { clinicId: delivery.clinicId });
  // A marketing message goes on to a channel only where the patient consented to marketing there.
  const consented = isMarketingType(type) ? await consentedMarketingChannels(db, delivery) : null;
  for (const channel of fallbackChannels({ type, from: delivery.channel, patient, settings, now })) {
    if (consented && !consented.has(channel)) continue;
    // Already planned on that channel (the clinic sends this type on several): the patient will get it there.
    const [sibling] = await db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.clinicId, delivery.clinicId),
          eq(deliveries.patientId, delivery.patientId),
          // The same subject (this visit at this version, this link: a patient may get several lab results a day).
          eq(deliveries.subjectType, delivery.subjectType),
          eq(deliveries.subjectId, delivery.subjectId),
          delivery.subjectVersion === null ? isNull(deliveries.subjectVersion) : eq(deliveries.subjectVersion, delivery.subjectVersion),
          eq(deliveries.notificationType, delivery.notificationType),
          eq(deliveries.channel, channel),
          ne(deliveries.status, "cancelled"),
        ),
      )
      .limit(1);
    if (sibling) return null;
    const [row] = await insertPlannedDeliveries(db, {
      now,
      eventPayload: () => ({ fallbackOf: delivery.id }),
      rows: [cloneDelivery(delivery, { channel, sendAt: now, idempotencyKey: `${delivery.idempotencyKey}:fallback:${channel}` })],
    });
    return row ?? null;
  }
  return null;
}

/**
 * `planFallback` on the send path, outside any transaction (the row is committed when it returns), then
 * the row goes to the driver at once: under Inngest nothing else would start its timer before the next
 * minute's sweep. Inside a transaction, plan with `planFallback` and hand over after commit instead
 * (apply-provider-status.ts does, through its change).
 */
export async function fallBackNow(db: Db, params: { delivery: Delivery; now: Date }) {
  const row = await planFallback(db, params);
  if (row) await handToDriver({ changedSubjects: [], scheduled: [row] });
  return row;
}

/** How long a time-critical WhatsApp message may stay undelivered before its SMS/email fallback (TIME_CRITICAL_FALLBACK_MINUTES). */
export function timeCriticalFallbackMs() {
  return (getEnv().TIME_CRITICAL_FALLBACK_MINUTES ?? 10) * 60_000;
}

/**
 * Time-critical messages (the 1 h reminder) sent on WhatsApp but not delivered within the limit get their
 * fallback, once (the fallback's idempotency key is unique).
 */
export async function fallBackUndeliveredTimeCritical(
  db: Db,
  params: { now: Date; afterMs?: number; clinicIds?: string[] },
): Promise<Delivery[]> {
  const types = Object.values(NOTIFICATION_REGISTRY)
    .filter((d) => d.timeCritical)
    .map((d) => d.type);
  const cutoff = new Date(params.now.getTime() - (params.afterMs ?? timeCriticalFallbackMs()));
  const child = db
    .select({ one: sql`1` })
    .from(sql`${deliveries} as child`)
    .where(sql`child.fallback_of_id = ${deliveries.id}`);
  const late = await db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.channel, "whatsapp"),
        inArray(deliveries.notificationType, types),
        inArray(deliveries.status, ["queued", "sent"]),
        lt(deliveries.lastAttemptAt, cutoff),
        notExists(child),
        ...(params.clinicIds ? [inArray(deliveries.clinicId, params.clinicIds)] : []),
      ),
    )
    .limit(200);
  const planned: Delivery[] = [];
  for (const delivery of late) {
    const row = await planFallback(db, { delivery, now: params.now });
    if (row) planned.push(row);
  }
  await handToDriver({ changedSubjects: [], scheduled: planned });
  return planned;
}
