import { and, desc, eq, inArray, isNull, ne, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  charges,
  clinics,
  deliveries,
  deliveryEvents,
  patients,
  secureLinks,
  type Channel,
  type Delivery,
  type Patient,
} from "@/db/schema";
import { collectedMinorSql } from "@/lib/payments/balances";
import { getPaymentReminderSettings, paymentReminderTimes } from "@/lib/payments/reminder-settings";
import { channelUsable } from "./fallback";
import { forecastMessages, type MessageForecast } from "./forecast-messages";
import { insertPlannedDeliveries, toScheduledDelivery, type NewDelivery, type ScheduledDelivery } from "./insert-deliveries";
import { paymentRequestKind } from "./kinds/payment-request";
import { FALLBACK_ORDER, templateKey, type NotificationType } from "./registry";
import { getNotificationSettings } from "./settings";

/** The types of a charge's messages. */
export const PAYMENT_MESSAGE_TYPES = ["payment_request", "payment_reminder"] as const satisfies readonly NotificationType[];

/** The idempotency key of a payment message: one per link, type, send time and channel (fallbacks append to it). */
export function paymentMessageKey(params: { linkId: string; type: NotificationType; sendAt: Date; channel: Channel }) {
  return `charge-link:${params.linkId}:${params.type}:${params.sendAt.getTime()}:${params.channel}`;
}

/** Why a charge's pending messages were cancelled before going out (the log's reason). */
export type ChargeCancelReason = "charge_paid" | "charge_void" | "request_resent" | "schedule_changed";

/**
 * Cancels a charge's payment messages that have not gone out (the request and its reminders): called in
 * the transaction that paid it in full, voided it, or sent a new request (whose schedule replaces the old).
 * Returns the subject for the driver (its timers are stale).
 */
export async function cancelPendingChargeDeliveries(
  tx: Db,
  params: {
    clinicId: string;
    chargeId: string;
    reason: ChargeCancelReason;
    now: Date;
    types?: readonly NotificationType[];
    /** Leave these deliveries planned (a re-plan keeps the reminders it would plan again). */
    keepIds?: readonly string[];
  },
) {
  const cancelled = await tx
    .update(deliveries)
    .set({ status: "cancelled", errorCode: params.reason, updatedAt: params.now })
    .where(
      and(
        eq(deliveries.clinicId, params.clinicId),
        eq(deliveries.subjectType, "charge"),
        eq(deliveries.subjectId, params.chargeId),
        eq(deliveries.status, "scheduled"),
        inArray(deliveries.notificationType, [...(params.types ?? PAYMENT_MESSAGE_TYPES)]),
        ...(params.keepIds ?? []).map((id) => ne(deliveries.id, id)),
      ),
    )
    .returning({ id: deliveries.id });
  if (cancelled.length) {
    await tx.insert(deliveryEvents).values(
      cancelled.map((d) => ({
        deliveryId: d.id,
        clinicId: params.clinicId,
        status: "cancelled" as const,
        errorCode: params.reason,
        source: "system",
        occurredAt: params.now,
      })),
    );
  }
  return { cancelled: cancelled.length, subject: { subjectType: "charge" as const, subjectId: params.chargeId } };
}

export interface PlanPaymentRequestResult {
  scheduled: ScheduledDelivery[];
  /** What will really happen to each message, as the engine decides it (the chart's toast). */
  forecast: MessageForecast[];
  /** The request's channel (null: no channel the clinic allows reaches the patient). */
  channel: Channel | null;
}

/**
 * Plans a charge's payment request, due now, and the balance reminders the clinic's schedule calls for
 * (Settings → Payments), in the transaction that created the link. Each message goes on the first channel
 * of WhatsApp → SMS → email the clinic allows for its type and that reaches the patient; the others are its
 * fallbacks. Reminders of an earlier request still pending are replaced. Dispatch re-checks the charge at
 * send time (paymentRequestKind.decide): paid, voided or settled, the message is cancelled.
 */
export async function planPaymentRequest(
  tx: Db,
  params: {
    clinicId: string;
    patientId: string;
    chargeId: string;
    dueDate: string | null;
    link: { id: string; url: string; expiresAt: Date };
    now: Date;
  },
): Promise<PlanPaymentRequestResult> {
  const { now, link } = params;
  const payload = paymentRequestKind.payloadSchema.parse({ linkUrl: link.url, linkId: link.id });
  const [patient] = await tx
    .select()
    .from(patients)
    .where(and(eq(patients.id, params.patientId), eq(patients.clinicId, params.clinicId)))
    .limit(1);
  if (!patient) throw new Error("planPaymentRequest: patient not found in this clinic");
  const [clinic] = await tx
    .select({ name: clinics.name, timezone: clinics.timezone })
    .from(clinics)
    .where(eq(clinics.id, params.clinicId))
    .limit(1);
  const settings = await getNotificationSettings(tx, { clinicId: params.clinicId });
  const reminderSettings = await getPaymentReminderSettings(tx, { clinicId: params.clinicId });
  await cancelPendingChargeDeliveries(tx, { clinicId: params.clinicId, chargeId: params.chargeId, reason: "request_resent", now });

  const wanted: { type: NotificationType; sendAt: Date }[] = [
    { type: "payment_request", sendAt: now },
    ...paymentReminderTimes({
      settings: reminderSettings,
      now,
      dueDate: params.dueDate,
      timeZone: clinic.timezone,
      linkExpiresAt: link.expiresAt,
    }).map((sendAt) => ({ type: "payment_reminder" as const, sendAt })),
  ];
  const { rows, notSent, requestChannel } = paymentRows({
    wanted,
    patient,
    settings,
    clinicId: params.clinicId,
    chargeId: params.chargeId,
    payload,
    now,
    key: (type, sendAt, channel) => paymentMessageKey({ linkId: link.id, type, sendAt, channel }),
  });
  const inserted: Delivery[] = await insertPlannedDeliveries(tx, { now, rows });
  const forecast = [
    ...notSent,
    ...forecastMessages({ deliveries: inserted, state: { patient, appointment: null, clinic, settings, now } }),
  ];
  return { scheduled: inserted.map(toScheduledDelivery), forecast, channel: requestChannel };
}

/** Each wanted message on the first channel of WhatsApp → SMS → email the clinic allows and that reaches the patient. */
function paymentRows(params: {
  wanted: { type: NotificationType; sendAt: Date }[];
  patient: Patient;
  settings: Awaited<ReturnType<typeof getNotificationSettings>>;
  clinicId: string;
  chargeId: string;
  payload: NewDelivery["payload"];
  now: Date;
  key: (type: NotificationType, sendAt: Date, channel: Channel) => string;
}) {
  const { patient, settings, now } = params;
  const rows: NewDelivery[] = [];
  const notSent: MessageForecast[] = [];
  let requestChannel: Channel | null = null;
  for (const { type, sendAt } of params.wanted) {
    const channel = FALLBACK_ORDER.find((c) => settings.channels[type][c] && channelUsable(patient, c, now).usable);
    if (type === "payment_request") requestChannel = channel ?? null;
    if (!channel) {
      // No channel reaches the patient: said once, for the request (the reminders would fare the same),
      // with the reason of the first channel the clinic allows (opted out, no phone …).
      if (type === "payment_request") {
        const allowed = FALLBACK_ORDER.find((c) => settings.channels[type][c]);
        const reach = allowed ? channelUsable(patient, allowed, now) : null;
        notSent.push({
          notificationType: type,
          outcome: "not_sent",
          channel: allowed ?? null,
          reason: reach && !reach.usable ? reach.reason : "setting_off",
        });
      }
      continue;
    }
    rows.push({
      clinicId: params.clinicId,
      patientId: patient.id,
      subjectType: paymentRequestKind.subjectType,
      subjectId: params.chargeId,
      appointmentId: null,
      appointmentVersion: null,
      notificationType: type,
      channel,
      locale: patient.preferredLocale,
      templateKey: templateKey(type, "in_person", patient.preferredLocale),
      payload: params.payload,
      sendAt,
      idempotencyKey: params.key(type, sendAt, channel),
    });
  }
  return { rows, notSent, requestChannel };
}

/**
 * Re-plans a charge's balance reminders after the clinic changed its schedule (Settings → Payments) or a
 * refund made the charge owe again: the reminders the current schedule calls for, counted from when the
 * request went out, still ahead and while its link opens, are planned; pending ones it no longer calls for
 * are cancelled (`schedule_changed`); one already planned for the same time and channel is kept. Nothing
 * for a charge that owes nothing, is void, never requested, or whose link is gone. In the
 * caller's transaction; returns what the driver must hear.
 */
export async function replanChargeReminders(
  tx: Db,
  params: { clinicId: string; chargeId: string; now: Date },
): Promise<{ scheduled: ScheduledDelivery[]; changedSubjects: { subjectType: "charge"; subjectId: string }[] }> {
  const { clinicId, chargeId, now } = params;
  const subject = { subjectType: "charge" as const, subjectId: chargeId };
  const [charge] = await tx
    .select({
      id: charges.id,
      patientId: charges.patientId,
      status: charges.status,
      amountMinor: charges.amountMinor,
      collectedMinor: collectedMinorSql,
      dueDate: charges.dueDate,
    })
    .from(charges)
    .where(and(eq(charges.clinicId, clinicId), eq(charges.id, chargeId)))
    .limit(1);
  if (!charge) return { scheduled: [], changedSubjects: [] };
  // The latest request that went out: its link (URL and id) and the time the schedule counts from.
  const [request] = await tx
    .select({ payload: deliveries.payload, sendAt: deliveries.sendAt })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.clinicId, clinicId),
        eq(deliveries.subjectType, "charge"),
        eq(deliveries.subjectId, chargeId),
        eq(deliveries.notificationType, "payment_request"),
        // Not one a newer request replaced (one cancelled because the charge was paid still counts: a refund).
        or(ne(deliveries.status, "cancelled"), isNull(deliveries.errorCode), ne(deliveries.errorCode, "request_resent")),
      ),
    )
    .orderBy(desc(deliveries.sendAt))
    .limit(1);
  const payload = request ? paymentRequestKind.payloadSchema.safeParse(request.payload) : null;
  const [link] = payload?.success
    ? await tx
        .select({ id: secureLinks.id, expiresAt: secureLinks.expiresAt })
        .from(secureLinks)
        .where(and(eq(secureLinks.clinicId, clinicId), eq(secureLinks.id, payload.data.linkId), isNull(secureLinks.revokedAt)))
        .limit(1)
    : [];
  const owes = charge.status === "open" && charge.amountMinor - Number(charge.collectedMinor) > 0;
  const pending = await tx
    .select({ id: deliveries.id, sendAt: deliveries.sendAt, channel: deliveries.channel })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.clinicId, clinicId),
        eq(deliveries.subjectType, "charge"),
        eq(deliveries.subjectId, chargeId),
        eq(deliveries.notificationType, "payment_reminder"),
        eq(deliveries.status, "scheduled"),
      ),
    );
  let rows: NewDelivery[] = [];
  if (owes && request && payload?.success && link && link.expiresAt.getTime() > now.getTime()) {
    const [patient] = await tx
      .select()
      .from(patients)
      .where(and(eq(patients.id, charge.patientId), eq(patients.clinicId, clinicId)))
      .limit(1);
    const [clinic] = await tx.select({ timezone: clinics.timezone }).from(clinics).where(eq(clinics.id, clinicId)).limit(1);
    const reminderSettings = await getPaymentReminderSettings(tx, { clinicId });
    const wanted = paymentReminderTimes({
      settings: reminderSettings,
      now: request.sendAt,
      dueDate: charge.dueDate,
      timeZone: clinic.timezone,
      linkExpiresAt: link.expiresAt,
    })
      .filter((sendAt) => sendAt.getTime() > now.getTime())
      .map((sendAt) => ({ type: "payment_reminder" as const, sendAt }));
    if (patient) {
      rows = paymentRows({
        wanted,
        patient,
        settings: await getNotificationSettings(tx, { clinicId }),
        clinicId,
        chargeId,
        payload: payload.data,
        now,
        // A re-plan is its own decision: a reminder cancelled by an earlier one may be planned again.
        key: (type, sendAt, channel) => `${paymentMessageKey({ linkId: link.id, type, sendAt, channel })}:replan:${now.getTime()}`,
      }).rows;
    }
  }
  const kept = pending.filter((p) => rows.some((r) => r.sendAt.getTime() === p.sendAt.getTime() && r.channel === p.channel));
  const toInsert = rows.filter((r) => !kept.some((p) => p.sendAt.getTime() === r.sendAt.getTime() && p.channel === r.channel));
  const { cancelled } = await cancelPendingChargeDeliveries(tx, {
    clinicId,
    chargeId,
    reason: "schedule_changed",
    now,
    types: ["payment_reminder"],
    keepIds: kept.map((k) => k.id),
  });
  const inserted = toInsert.length ? await insertPlannedDeliveries(tx, { now, rows: toInsert }) : [];
  return {
    scheduled: inserted.map(toScheduledDelivery),
    changedSubjects: cancelled || inserted.length ? [subject] : [],
  };
}
