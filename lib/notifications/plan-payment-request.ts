import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics, deliveries, deliveryEvents, patients, type Channel, type Delivery } from "@/db/schema";
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
export type ChargeCancelReason = "charge_paid" | "charge_void" | "request_resent";

/**
 * Cancels a charge's payment messages that have not gone out (the request and its reminders): called in
 * the transaction that paid it in full, voided it, or sent a new request (whose schedule replaces the old).
 * Returns the subject for the driver (its timers are stale).
 */
export async function cancelPendingChargeDeliveries(
  tx: Db,
  params: { clinicId: string; chargeId: string; reason: ChargeCancelReason; now: Date; types?: readonly NotificationType[] },
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
  const rows: NewDelivery[] = [];
  const notSent: MessageForecast[] = [];
  let requestChannel: Channel | null = null;
  for (const { type, sendAt } of wanted) {
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
      patientId: params.patientId,
      subjectType: paymentRequestKind.subjectType,
      subjectId: params.chargeId,
      appointmentId: null,
      appointmentVersion: null,
      notificationType: type,
      channel,
      locale: patient.preferredLocale,
      templateKey: templateKey(type, "in_person", patient.preferredLocale),
      payload,
      sendAt,
      idempotencyKey: paymentMessageKey({ linkId: link.id, type, sendAt, channel }),
    });
  }
  const inserted: Delivery[] = await insertPlannedDeliveries(tx, { now, rows });
  const forecast = [
    ...notSent,
    ...forecastMessages({ deliveries: inserted, state: { patient, appointment: null, clinic, settings, now } }),
  ];
  return { scheduled: inserted.map(toScheduledDelivery), forecast, channel: requestChannel };
}
