import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, deliveryEvents, type Patient, type User } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { bookAppointment, cancelAppointmentAs, confirmAppointment, markAppointmentOutcome } from "@/lib/appointments/change-appointment";
import { zonedCalendarDatePlusDays, zonedDateTime } from "@/lib/dates";
import { handleInboundMessage } from "@/lib/inbound/handle-inbound-message";
import { setNotificationChannel } from "@/lib/notifications/settings";

/** Weeks of past visits the demo gets, so the results page has something to show on `npm run dev`. */
export const DEMO_HISTORY_WEEKS = 8;
const HOURS = [9, 11, 13, 17];

const minutes = (n: number) => n * 60_000;

/**
 * Two months of past visits for one demo clinic, booked and changed through the real code at the times they
 * would have happened: booked three days ahead (confirmation and reminder planned), the messages reported
 * delivered (some read, one in eleven reminders failed), most patients confirming by reply some minutes to hours
 * after the reminder, then each visit marked attended or no-show by staff, a few cancelled late; the satisfaction
 * question (turned on for this clinic) answered by about two in three patients. Deterministic: it depends on `now`
 * and the visit's index only. No-shows fall from about one in four in the first month to one in ten in the last.
 */
export async function seedDemoHistory(
  tx: Db,
  params: { ctx: StaffContext; doctors: User[]; patients: Patient[]; timeZone: string; now: Date; askSatisfaction: boolean },
): Promise<void> {
  const { ctx, doctors, patients, timeZone, now } = params;
  if (params.askSatisfaction) {
    await setNotificationChannel(tx, {
      clinicId: ctx.clinicId,
      notificationType: "satisfaction_survey",
      channel: "whatsapp",
      enabled: true,
      now,
    });
  }
  let index = 0;
  for (let dayOffset = -DEMO_HISTORY_WEEKS * 7; dayOffset <= -1; dayOffset++) {
    const date = zonedCalendarDatePlusDays(now, timeZone, dayOffset);
    if (date.weekday === 0 || date.weekday === 6) continue;
    const early = dayOffset < -(DEMO_HISTORY_WEEKS * 7) / 2;
    for (let slot = 0; slot < 2; slot++, index++) {
      const patient = patients[(index * 7) % patients.length];
      const doctor = doctors[index % doctors.length];
      const startsAt = zonedDateTime(timeZone, { ...date, hour: HOURS[(index + slot) % HOURS.length], minute: 0 });
      const endsAt = new Date(startsAt.getTime() + minutes(30));
      const bookedAt = new Date(startsAt.getTime() - 3 * 24 * 3_600_000);
      const booked = await bookAppointment(tx, ctx, {
        input: { patientId: patient.id, doctorId: doctor.id, startsAt: startsAt.toISOString(), durationMinutes: 30, kind: "in_person" },
        now: bookedAt,
      });
      if (!booked.ok) throw new Error(`demo history booking failed: ${JSON.stringify(booked)}`);
      const appointmentId = booked.appointmentId;
      // Its messages so far went out and were delivered (a reminder in eleven failed).
      await reportDelivered(tx, {
        clinicId: ctx.clinicId,
        appointmentId,
        before: startsAt,
        failReminder: index % 11 === 5,
        read: index % 3 !== 0,
      });

      const reminderAt = new Date(startsAt.getTime() - 24 * 3_600_000);
      const patientActor = { kind: "patient" as const, patientId: patient.id };
      if (index % 19 === 7) {
        // Cancelled by the patient three hours before: a late cancellation under the clinic's 24 h rule.
        await cancelAppointmentAs(tx, {
          clinicId: ctx.clinicId,
          appointmentId,
          actor: patientActor,
          now: new Date(startsAt.getTime() - minutes(180)),
        });
        await reportDelivered(tx, { clinicId: ctx.clinicId, appointmentId, before: startsAt, failReminder: false, read: true });
        continue;
      }
      if (index % 10 < 7) {
        // Confirmed by reply, from a few minutes to some hours after the reminder.
        const after = [4, 12, 35, 90, 240, 15, 8][index % 7];
        await confirmAppointment(tx, {
          clinicId: ctx.clinicId,
          appointmentId,
          actor: patientActor,
          now: new Date(reminderAt.getTime() + minutes(after)),
        });
      }
      const noShow = early ? index % 4 === 1 : index % 10 === 3;
      const markedAt = new Date(endsAt.getTime() + minutes(20));
      const marked = await markAppointmentOutcome(tx, ctx, {
        input: { appointmentId, outcome: noShow ? "no_show" : "completed" },
        now: markedAt,
      });
      if (!marked.ok) throw new Error(`demo history outcome failed: ${JSON.stringify(marked)}`);
      if (noShow || !params.askSatisfaction) continue;
      // The satisfaction question went out an hour later; about two in three answer within the hour.
      const asked = await reportDelivered(tx, { clinicId: ctx.clinicId, appointmentId, before: now, failReminder: false, read: true });
      if (!asked || index % 3 === 2 || !patient.phone) continue;
      const score = [5, 4, 5, 3, 5, 4, 2, 5][index % 8];
      const reply = await handleInboundMessage(tx, {
        form: {
          MessageSid: `SMdemo${appointmentId.replace(/-/g, "")}`,
          From: `whatsapp:+521${patient.phone.slice(3)}`,
          Body: String(score),
        },
        now: new Date(markedAt.getTime() + minutes(60 + 25)),
      });
      // A digit not read as the answer would confirm or cancel a visit: the demo must never do that.
      if (reply.kind !== "handled" || reply.intent !== "satisfaction")
        throw new Error(`demo satisfaction reply not matched: ${reply.kind}`);
    }
  }
}

/** The visit's messages due before `before` and still planned, reported delivered (and read) by the provider. */
async function reportDelivered(
  tx: Db,
  params: { clinicId: string; appointmentId: string; before: Date; failReminder: boolean; read: boolean },
): Promise<boolean> {
  const due = await tx
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.clinicId, params.clinicId),
        eq(deliveries.appointmentId, params.appointmentId),
        eq(deliveries.status, "scheduled"),
        lt(deliveries.sendAt, params.before),
      ),
    );
  for (const d of due) {
    const failed = params.failReminder && d.notificationType === "reminder";
    const status = failed ? ("failed" as const) : params.read && d.channel === "whatsapp" ? ("read" as const) : ("delivered" as const);
    await tx
      .update(deliveries)
      .set({ status, attempts: 1, simulated: true, updatedAt: d.sendAt, errorCode: failed ? "63016" : null })
      .where(and(eq(deliveries.id, d.id), eq(deliveries.clinicId, params.clinicId)));
    const at = (m: number) => new Date(d.sendAt.getTime() + m * 1000);
    await tx
      .insert(deliveryEvents)
      .values([
        { deliveryId: d.id, clinicId: params.clinicId, status: "sent" as const, source: "demo", occurredAt: at(5) },
        ...(failed
          ? [{ deliveryId: d.id, clinicId: params.clinicId, status: "failed" as const, source: "demo", occurredAt: at(30) }]
          : [
              { deliveryId: d.id, clinicId: params.clinicId, status: "delivered" as const, source: "demo", occurredAt: at(30) },
              ...(status === "read"
                ? [{ deliveryId: d.id, clinicId: params.clinicId, status: "read" as const, source: "demo", occurredAt: at(600) }]
                : []),
            ]),
      ]);
  }
  return due.length > 0;
}
