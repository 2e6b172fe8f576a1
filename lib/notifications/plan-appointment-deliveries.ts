import type { Channel } from "@/db/schema";
import type { ChannelMatrix } from "./settings";
import { FALLBACK_ORDER, NOTIFICATION_REGISTRY, templateKey, type AppointmentVariant, type NotificationType } from "./registry";

/** Edits in quick succession send one reschedule notice, with the final time, this long after the last edit. */
export const RESCHEDULE_COALESCE_MS = 2 * 60_000;

export type AppointmentEvent = "booked" | "rescheduled" | "cancelled";

export interface PlannedDelivery {
  notificationType: NotificationType;
  channel: Channel;
  sendAt: Date;
  idempotencyKey: string;
  appointmentVersion: number;
  locale: "es" | "en";
  templateKey: string;
}

export interface PlanInput {
  event: AppointmentEvent;
  appointment: { id: string; startsAt: Date; version: number; kind: AppointmentVariant };
  patient: {
    preferredLocale: "es" | "en";
    /** Channels that can reach the patient now (opt-outs, learned reachability, an email address). */
    usable: Record<Channel, boolean>;
  };
  settings: { channels: ChannelMatrix; reminderLeadHours: number };
  /** Whether a booking confirmation of this appointment has already gone out (decides reschedule vs confirmation). */
  confirmationSent: boolean;
  now: Date;
  /** How long the reschedule notice waits for further edits (default RESCHEDULE_COALESCE_MS). */
  rescheduleCoalesceMs?: number;
}

/**
 * Pure: the messages an appointment change calls for, each with its time and idempotency key.
 * - booked: the confirmation now, and each enabled reminder still in the future;
 * - rescheduled: a reschedule notice shortly (coalescing quick edits) — or, if the confirmation never
 *   went out, a confirmation now — and the new version's reminders;
 * - cancelled: the cancellation notice now.
 * Each message goes on ONE channel: the first of WhatsApp → SMS → email that the clinic allows for the
 * type and that can reach the patient. The others stay in reserve: if that channel fails to reach the
 * patient, dispatch falls back along the same order (lib/notifications/fallback.ts). When no allowed
 * channel is usable (e.g. opted out of all), the first allowed one is planned anyway, so the log shows
 * the message and why it was skipped.
 */
export function planAppointmentDeliveries(input: PlanInput): PlannedDelivery[] {
  return planAppointmentMessages(input).planned;
}

/** A message the change calls for that is not planned at all: the clinic has every channel of its type off. */
export interface UnplannedMessage {
  notificationType: NotificationType;
  reason: "setting_off";
}

/** planAppointmentDeliveries, plus the messages it leaves out and why (what the booking toast reports). */
export function planAppointmentMessages(input: PlanInput): { planned: PlannedDelivery[]; unplanned: UnplannedMessage[] } {
  const { appointment, now } = input;
  const base = `appt:${appointment.id}`;
  const planned: PlannedDelivery[] = [];
  const unplanned: UnplannedMessage[] = [];

  const add = (type: NotificationType, sendAt: Date, key: string) => {
    const allowed = FALLBACK_ORDER.filter((channel) => input.settings.channels[type][channel]);
    const channel = allowed.find((c) => input.patient.usable[c]) ?? allowed[0];
    if (!channel) {
      unplanned.push({ notificationType: type, reason: "setting_off" });
    } else {
      planned.push({
        notificationType: type,
        channel,
        sendAt,
        idempotencyKey: `${key}:${channel}`,
        appointmentVersion: appointment.version,
        locale: input.patient.preferredLocale,
        templateKey: templateKey(type, appointment.kind, input.patient.preferredLocale),
      });
    }
  };

  if (input.event === "cancelled") {
    add("cancellation", now, `${base}:cancellation`);
    return { planned, unplanned };
  }

  const versioned = `${base}:v${appointment.version}`;
  if (input.event === "booked" || !input.confirmationSent) {
    add("booking_confirmation", now, `${versioned}:booking_confirmation`);
  } else {
    add("reschedule", new Date(now.getTime() + (input.rescheduleCoalesceMs ?? RESCHEDULE_COALESCE_MS)), `${versioned}:reschedule`);
  }

  const reminders: [NotificationType, number, string][] = [];
  for (const type of ["reminder", "reminder_1h"] as const) {
    const timing = NOTIFICATION_REGISTRY[type].timing;
    if (timing.kind === "clinic_reminder_lead") {
      reminders.push([type, input.settings.reminderLeadHours * 60, `${versioned}:reminder:${input.settings.reminderLeadHours}h`]);
    } else if (timing.kind === "before_start") {
      reminders.push([type, timing.minutes, `${versioned}:${type}`]);
    }
  }
  for (const [type, minutesBefore, key] of reminders) {
    const sendAt = new Date(appointment.startsAt.getTime() - minutesBefore * 60_000);
    if (sendAt.getTime() > now.getTime()) add(type, sendAt, key);
  }
  return { planned, unplanned };
}
