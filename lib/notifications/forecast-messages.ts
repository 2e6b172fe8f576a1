import type { Appointment, Channel, Delivery, Patient } from "@/db/schema";
import { decideDelivery, FALL_BACK_ON_SKIP } from "./engine/decide";
import { fallbackChannels } from "./fallback";
import { quietHoursHold } from "./engine/timing";
import type { UnplannedMessage } from "./plan-appointment-deliveries";
import { kindOf, type NotificationType } from "./registry";
import type { ClinicNotificationSettings } from "./settings";

/**
 * What will really happen to one message, as staff are told it (the booking toast, the visit's timeline):
 * it goes on a channel at a time, or it will not be sent, and why.
 */
export type MessageForecast =
  | { notificationType: NotificationType; outcome: "send"; channel: Channel; sendAt: Date; heldByQuietHours: boolean }
  | { notificationType: NotificationType; outcome: "not_sent"; channel: Channel | null; reason: string };

/** Reasons a message will not be sent, in the words the screens use (`appointments.notSent.<reason>`). */
export const NOT_SENT_REASONS = [
  "opted_out",
  "no_phone",
  "setting_off",
  "whatsapp_unreachable",
  "sms_unreachable",
  "email_bounced",
  "no_address",
] as const;

export interface ForecastState {
  patient: Patient;
  /** What the engine reads of the visit: its status, version and start. */
  appointment: Pick<Appointment, "status" | "version" | "startsAt"> | null;
  clinic: { name: string; timezone: string };
  settings: ClinicNotificationSettings;
  now: Date;
}

/**
 * The forecast of a pending message, asked of the engine itself: `decideDelivery` (the check it runs on the
 * claimed row, against the state as it is now) and `quietHoursHold` (whether it would wait for quiet hours to
 * end at its send time). Its subject is what its kind assumes in a forecast (`forecastSubject`: the visit
 * shown, a link just created, so live).
 */
export function forecastDelivery(
  delivery: Pick<Delivery, "notificationType" | "channel" | "appointmentVersion" | "sendAt"> &
    Partial<Pick<Delivery, "subjectVersion" | "payload">>,
  state: ForecastState,
): MessageForecast {
  const sendAt = new Date(Math.max(delivery.sendAt.getTime(), state.now.getTime()));
  const subject = kindOf(delivery.notificationType)?.forecastSubject({
    appointment: state.appointment,
    patientId: state.patient.id,
    at: sendAt,
  });
  const context = { patient: state.patient, clinic: state.clinic, subject: subject ?? null };
  // A visit's rows carry its version twice (subject_version and appointment_version); a forecast row may carry only the latter.
  const row = { ...delivery, subjectVersion: delivery.subjectVersion ?? delivery.appointmentVersion };
  const verdict = decideDelivery({ delivery: row, context, settings: state.settings, now: state.now });
  let channel = delivery.channel;
  if (!verdict.send) {
    // A skip the engine hands to the next allowed channel (opted out here, unreachable, no email …).
    const next = FALL_BACK_ON_SKIP.has(verdict.reason)
      ? fallbackChannels({
          type: delivery.notificationType,
          from: delivery.channel,
          patient: state.patient,
          settings: state.settings,
          now: state.now,
        })[0]
      : undefined;
    if (!next)
      return { notificationType: delivery.notificationType, outcome: "not_sent", channel: delivery.channel, reason: verdict.reason };
    channel = next;
  }
  const held = quietHoursHold({ delivery: { ...delivery, sendAt }, context, quietHours: state.settings.quietHours, now: sendAt });
  return {
    notificationType: delivery.notificationType,
    outcome: "send",
    channel,
    sendAt: held ?? sendAt,
    heldByQuietHours: Boolean(held),
  };
}

/** The forecast of what a change planned (rows as inserted) and of what it left out, earliest first. */
export function forecastMessages(params: {
  deliveries: Pick<Delivery, "notificationType" | "channel" | "appointmentVersion" | "sendAt">[];
  unplanned?: UnplannedMessage[];
  state: ForecastState;
}): MessageForecast[] {
  const planned = [...params.deliveries]
    .sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime())
    .map((d) => forecastDelivery(d, params.state));
  const unplanned = (params.unplanned ?? []).map((u): MessageForecast => ({
    notificationType: u.notificationType satisfies NotificationType,
    outcome: "not_sent",
    channel: null,
    reason: u.reason,
  }));
  return [...planned, ...unplanned];
}
