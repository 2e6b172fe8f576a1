import { and, eq, inArray, lt, notInArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics, deliveries, deliveryEvents, type Appointment, type Patient } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { channelUsable } from "./fallback";
import { forecastMessages, type MessageForecast } from "./forecast-messages";
import { insertPlannedDeliveries, toScheduledDelivery, type ScheduledDelivery } from "./insert-deliveries";
import { appointmentDeliveryRow, planAppointmentMessages, type AppointmentEvent } from "./plan-appointment-deliveries";
import { getNotificationSettings } from "./settings";
import { lastToldStartsAt } from "./last-told-time";

/** RESCHEDULE_COALESCE_SECONDS when set (the browser tests shorten the wait), else the planner's default. */
function rescheduleCoalesceMs(): number | undefined {
  const seconds = getEnv().RESCHEDULE_COALESCE_SECONDS;
  return seconds === undefined ? undefined : seconds * 1000;
}

/** Statuses after which a delivery is no longer pending. */
const PENDING = ["scheduled"] as const;

/**
 * Writes the messages an appointment change calls for (confirmation, reminders, reschedule or
 * cancellation notice) in the change's transaction, and forecasts them for staff.
 */
export async function writeAppointmentDeliveries(
  tx: Db,
  params: { event: AppointmentEvent; appointment: Appointment; patient: Patient; now: Date },
): Promise<{ scheduled: ScheduledDelivery[]; forecast: MessageForecast[] }> {
  const { appointment, now } = params;
  const settings = await getNotificationSettings(tx, { clinicId: appointment.clinicId });
  const [sentConfirmation] = await tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.appointmentId, appointment.id),
        eq(deliveries.notificationType, "booking_confirmation"),
        notInArray(deliveries.status, ["scheduled", "cancelled", "skipped"]),
      ),
    )
    .limit(1);
  const { planned, unplanned } = planAppointmentMessages({
    event: params.event,
    appointment: { id: appointment.id, startsAt: appointment.startsAt, version: appointment.version, kind: appointment.kind },
    patient: {
      preferredLocale: params.patient.preferredLocale,
      usable: {
        whatsapp: channelUsable(params.patient, "whatsapp", now).usable,
        sms: channelUsable(params.patient, "sms", now).usable,
        email: channelUsable(params.patient, "email", now).usable,
      },
    },
    settings,
    confirmationSent: Boolean(sentConfirmation),
    toldStartsAt:
      params.event === "cancelled" ? await lastToldStartsAt(tx, { clinicId: appointment.clinicId, appointmentId: appointment.id }) : null,
    now,
    rescheduleCoalesceMs: rescheduleCoalesceMs(),
  });
  const rows = await insertPlannedDeliveries(tx, {
    now,
    rows: planned.map((p) => appointmentDeliveryRow(appointment, p)),
  });
  const state = { patient: params.patient, appointment, clinic: await clinicOf(tx, appointment.clinicId), settings, now };
  return { scheduled: rows.map(toScheduledDelivery), forecast: forecastMessages({ deliveries: rows, unplanned, state }) };
}

async function clinicOf(tx: Db, clinicId: string) {
  const [clinic] = await tx
    .select({ name: clinics.name, timezone: clinics.timezone })
    .from(clinics)
    .where(eq(clinics.id, clinicId))
    .limit(1);
  return clinic;
}

/**
 * The forecast of messages another listener planned in an appointment's change (the first visit's intake
 * form), on the same state as the appointment's own: what staff are told in the booking toast.
 */
export async function forecastAppointmentExtras(
  tx: Db,
  params: { appointment: Appointment; patient: Patient; scheduled: ScheduledDelivery[]; now: Date },
): Promise<MessageForecast[]> {
  if (params.scheduled.length === 0) return [];
  const { appointment, now } = params;
  const settings = await getNotificationSettings(tx, { clinicId: appointment.clinicId });
  const state = { patient: params.patient, appointment, clinic: await clinicOf(tx, appointment.clinicId), settings, now };
  return forecastMessages({
    deliveries: params.scheduled.map((d) => ({
      notificationType: d.notificationType,
      channel: d.channel,
      appointmentVersion: null,
      sendAt: d.nextAttemptAt,
    })),
    state,
  });
}

/** Cancels an appointment's deliveries that have not gone out (all of them, or those of older versions). */
export async function cancelPendingAppointmentDeliveries(
  tx: Db,
  params: {
    clinicId: string;
    appointmentId: string;
    beforeVersion?: number;
    /** The log's reason: a move says "la cita cambió", a cancellation "la cita se canceló". */
    reason: "appointment_changed" | "appointment_cancelled";
    now: Date;
  },
) {
  const conditions = [
    eq(deliveries.clinicId, params.clinicId),
    eq(deliveries.appointmentId, params.appointmentId),
    inArray(deliveries.status, [...PENDING]),
  ];
  if (params.beforeVersion !== undefined) conditions.push(lt(deliveries.appointmentVersion, params.beforeVersion));
  const cancelled = await tx
    .update(deliveries)
    .set({ status: "cancelled", errorCode: params.reason, updatedAt: params.now })
    .where(and(...conditions))
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
  return cancelled.length;
}
