import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, clinics, deliveries, deliveryEvents, patients } from "@/db/schema";
import { channelUsable } from "./fallback";
import { insertPlannedDeliveries, toScheduledDelivery, type ScheduledDelivery } from "./insert-deliveries";
import { appointmentDeliveryRow, replanPendingDeliveries } from "./plan-appointment-deliveries";
import { getNotificationSettings } from "./settings";
import { FALLBACK_ORDER } from "./registry";

export interface ReplanFutureVisitsResult {
  /** Booked visits whose pending messages changed (one cancelled or planned at least). */
  visitsChanged: number;
  /** New rows the driver must learn about after the transaction commits. */
  scheduled: ScheduledDelivery[];
}

/**
 * Takes the clinic's settings lock. A settings change holds it exclusively ("no key update": it does not
 * block the foreign-key checks of rows that reference the clinic) while it writes the settings and
 * re-plans; a visit change holds it shared ("share", lib/appointments/change-appointment.ts) before it locks
 * its visit and plans with the settings it reads. So a booking never plans with settings a concurrent change
 * is replacing, and both take the clinic before the visit (no deadlock).
 */
export async function lockClinicSettings(db: Db, params: { clinicId: string; mode: "no key update" | "share" }) {
  await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.id, params.clinicId)).for(params.mode);
}

/**
 * Re-plans the pending messages of the clinic's future visits under its current settings
 * (replanPendingDeliveries per visit): cancels what is no longer wanted, with the reason on each row and
 * a "cancelled" event, and plans what is missing. Call it inside the transaction that changed the
 * settings, after lockClinicSettings(…, "no key update"). Running it twice changes nothing the second time.
 */
export async function replanFutureVisits(tx: Db, params: { clinicId: string; now: Date }): Promise<ReplanFutureVisitsResult> {
  const { clinicId, now } = params;
  const settings = await getNotificationSettings(tx, { clinicId });
  const visits = await tx
    .select({ appointment: appointments, patient: patients })
    .from(appointments)
    .innerJoin(patients, and(eq(patients.id, appointments.patientId), eq(patients.clinicId, clinicId)))
    .where(
      and(eq(appointments.clinicId, clinicId), inArray(appointments.status, ["scheduled", "confirmed"]), gt(appointments.startsAt, now)),
    )
    .for("update", { of: appointments });
  if (visits.length === 0) return { visitsChanged: 0, scheduled: [] };

  const current = await tx
    .select({
      id: deliveries.id,
      appointmentId: deliveries.appointmentId,
      notificationType: deliveries.notificationType,
      channel: deliveries.channel,
      sendAt: deliveries.sendAt,
      status: deliveries.status,
      idempotencyKey: deliveries.idempotencyKey,
    })
    .from(deliveries)
    .innerJoin(appointments, and(eq(appointments.id, deliveries.appointmentId), eq(appointments.version, deliveries.appointmentVersion)))
    .where(
      and(
        eq(deliveries.clinicId, clinicId),
        inArray(
          deliveries.appointmentId,
          visits.map((v) => v.appointment.id),
        ),
        isNull(deliveries.fallbackOfId),
      ),
    );

  const cancel: { id: string; reason: string }[] = [];
  const rows: Parameters<typeof insertPlannedDeliveries>[1]["rows"] = [];
  let visitsChanged = 0;
  for (const { appointment, patient } of visits) {
    const result = replanPendingDeliveries({
      appointment: { id: appointment.id, startsAt: appointment.startsAt, version: appointment.version, kind: appointment.kind },
      patient: {
        preferredLocale: patient.preferredLocale,
        usable: Object.fromEntries(FALLBACK_ORDER.map((c) => [c, channelUsable(patient, c, now).usable])) as Record<
          (typeof FALLBACK_ORDER)[number],
          boolean
        >,
      },
      settings,
      now,
      deliveries: current.filter((d) => d.appointmentId === appointment.id),
    });
    if (result.cancel.length === 0 && result.plan.length === 0) continue;
    visitsChanged++;
    cancel.push(...result.cancel);
    rows.push(...result.plan.map((p) => appointmentDeliveryRow({ ...appointment, clinicId }, p)));
  }

  for (const reason of new Set(cancel.map((c) => c.reason))) {
    const ids = cancel.filter((c) => c.reason === reason).map((c) => c.id);
    const cancelled = await tx
      .update(deliveries)
      .set({ status: "cancelled", errorCode: reason, updatedAt: now })
      .where(and(eq(deliveries.clinicId, clinicId), inArray(deliveries.id, ids), eq(deliveries.status, "scheduled")))
      .returning({ id: deliveries.id });
    if (cancelled.length) {
      await tx.insert(deliveryEvents).values(
        cancelled.map((d) => ({
          deliveryId: d.id,
          clinicId,
          status: "cancelled" as const,
          errorCode: reason,
          source: "system",
          payload: { cause: "settings_changed" },
          occurredAt: now,
        })),
      );
    }
  }
  const inserted = await insertPlannedDeliveries(tx, { rows, now, eventPayload: () => ({ cause: "settings_changed" }) });
  return { visitsChanged, scheduled: inserted.map(toScheduledDelivery) };
}
