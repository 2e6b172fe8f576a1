import type { Db } from "@/db/client";
import type { Appointment, Channel, Patient } from "@/db/schema";
import { channelUsable } from "./reach";
import { insertPlannedDeliveries, toScheduledDelivery, type ScheduledDelivery } from "./insert-deliveries";
import { satisfactionKind } from "./kinds/satisfaction";
import { NOTIFICATION_REGISTRY, templateKey } from "./registry";
import { getNotificationSettings } from "./settings";

/** The channels a 1–5 answer can come back on (email replies are not read). */
const ANSWERABLE_CHANNELS = ["whatsapp", "sms"] as const satisfies readonly Channel[];

/** One question per visit, whatever happens to it afterwards (marked attended twice, re-marked …). */
export const satisfactionSurveyKey = (appointmentId: string) => `satisfaction:${appointmentId}`;

/** When the question goes: the registry's minutes after the visit's end, or after the marking if that came later. */
export function satisfactionSendAt(params: { endsAt: Date; now: Date }): Date {
  const timing = NOTIFICATION_REGISTRY.satisfaction_survey.timing;
  const minutes = timing.kind === "after_attended" ? timing.minutes : 0;
  return new Date(Math.max(params.endsAt.getTime(), params.now.getTime()) + minutes * 60_000);
}

/**
 * Plans the post-visit satisfaction question for a visit staff just marked attended, when the clinic turned the
 * question on (Settings → reminders grid, off by default) for WhatsApp or SMS and that channel reaches the
 * patient: on the first of them, once per visit (idempotency key). A visit already rated gets none. Dispatch
 * re-checks the visit at send time (satisfactionKind.decide): re-marked a no-show, it is cancelled.
 */
export async function planSatisfactionSurvey(
  tx: Db,
  params: { clinicId: string; appointment: Appointment; patient: Patient; now: Date },
): Promise<ScheduledDelivery[]> {
  const { appointment, patient, now } = params;
  if (appointment.status !== "completed" || appointment.satisfactionScore !== null) return [];
  const settings = await getNotificationSettings(tx, { clinicId: params.clinicId });
  const channel = ANSWERABLE_CHANNELS.find((c) => settings.channels.satisfaction_survey[c] && channelUsable(patient, c, now).usable);
  if (!channel) return [];
  const locale = patient.preferredLocale;
  const rows = await insertPlannedDeliveries(tx, {
    now,
    rows: [
      {
        clinicId: params.clinicId,
        patientId: patient.id,
        subjectType: satisfactionKind.subjectType,
        subjectId: appointment.id,
        subjectVersion: appointment.version,
        appointmentId: appointment.id,
        appointmentVersion: appointment.version,
        notificationType: "satisfaction_survey",
        channel,
        locale,
        templateKey: templateKey("satisfaction_survey", "in_person", locale),
        sendAt: satisfactionSendAt({ endsAt: appointment.endsAt, now }),
        idempotencyKey: satisfactionSurveyKey(appointment.id),
      },
    ],
  });
  return rows.map(toScheduledDelivery);
}
