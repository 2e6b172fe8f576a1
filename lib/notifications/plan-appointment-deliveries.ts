import type { NewDelivery } from "./insert-deliveries";
import type { Channel } from "@/db/schema";
import type { ChannelMatrix } from "./settings";
import {
  FALLBACK_ORDER,
  NOTIFICATION_REGISTRY,
  REMINDER_TYPES,
  templateKey,
  type AppointmentVariant,
  type NotificationType,
} from "./registry";

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
  /** The visit's start the message names (stored in the delivery's payload, rendered at send time). */
  startsAt: Date;
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
  /**
   * The visit's start as the patient last heard it (the newest appointment message that went out), when
   * known. A cancellation names it: after a move whose notice was still held, the patient never heard the
   * new time.
   */
  toldStartsAt?: Date | null;
  now: Date;
  /** How long the reschedule notice waits for further edits (default RESCHEDULE_COALESCE_MS). */
  rescheduleCoalesceMs?: number;
}

/**
 * Pure: the messages an appointment change calls for, each with its time and idempotency key.
 * - booked: the confirmation now, and each enabled reminder still in the future;
 * - rescheduled: a reschedule notice shortly (coalescing quick edits) — or, if the confirmation never
 *   went out, a confirmation now — and the new version's reminders;
 * - cancelled: the cancellation notice now, naming the time the patient last heard of (toldStartsAt).
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

  const add = (type: NotificationType, sendAt: Date, key: string, startsAt = appointment.startsAt) => {
    const channel = chooseChannel(input, type);
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
        startsAt,
      });
    }
  };

  if (input.event === "cancelled") {
    add("cancellation", now, `${base}:cancellation`, input.toldStartsAt ?? appointment.startsAt);
    return { planned, unplanned };
  }

  const versioned = `${base}:v${appointment.version}`;
  if (input.event === "booked" || !input.confirmationSent) {
    add("booking_confirmation", now, `${versioned}:booking_confirmation`);
  } else {
    add("reschedule", new Date(now.getTime() + (input.rescheduleCoalesceMs ?? RESCHEDULE_COALESCE_MS)), `${versioned}:reschedule`);
  }

  for (const reminder of reminderTimes(input)) {
    if (reminder.sendAt.getTime() > now.getTime()) add(reminder.notificationType, reminder.sendAt, reminder.key);
  }
  return { planned, unplanned };
}

/** The first of WhatsApp → SMS → email the clinic allows for the type and that reaches the patient; else the first allowed. */
function chooseChannel(input: Pick<PlanInput, "settings" | "patient">, type: NotificationType): Channel | undefined {
  const allowed = FALLBACK_ORDER.filter((channel) => input.settings.channels[type][channel]);
  return allowed.find((c) => input.patient.usable[c]) ?? allowed[0];
}

/** When each reminder of the appointment's version is due under the settings (past or not), and its key without the channel. */
function reminderTimes(input: Pick<PlanInput, "appointment" | "settings">) {
  const versioned = `appt:${input.appointment.id}:v${input.appointment.version}`;
  return REMINDER_TYPES.map((type) => {
    const timing = NOTIFICATION_REGISTRY[type].timing;
    const [minutesBefore, key] =
      timing.kind === "before_start"
        ? [timing.minutes, `${versioned}:${type}`]
        : [input.settings.reminderLeadHours * 60, `${versioned}:${type}:${input.settings.reminderLeadHours}h`];
    return { notificationType: type, sendAt: new Date(input.appointment.startsAt.getTime() - minutesBefore * 60_000), key };
  });
}

/** `appt:…:v2:reschedule:whatsapp:r2` → `appt:…:v2:reschedule`. */
function keyWithoutChannel(key: string) {
  return key.replace(/:r\d+$/, "").replace(/:(whatsapp|sms|email)$/, "");
}

/** A delivery of the appointment's current version, as re-planning reads it (fallbacks excluded). */
export interface CurrentDelivery {
  id: string;
  notificationType: NotificationType;
  channel: Channel;
  sendAt: Date;
  status: string;
  idempotencyKey: string;
}

export interface ReplanInput extends Pick<PlanInput, "appointment" | "patient" | "settings" | "now"> {
  /** Every delivery of the appointment's current version that is not a fallback, in any status. */
  deliveries: CurrentDelivery[];
}

export interface ReplanResult {
  /** Pending deliveries no longer wanted as planned, and why ("settings_changed", or "setting_off" when the type is off). */
  cancel: { id: string; reason: "settings_changed" | "setting_off" }[];
  plan: PlannedDelivery[];
}

/**
 * Pure: what a change of the clinic's settings does to one booked visit's pending messages, so they are
 * what a booking made now would plan.
 * - Reminders: each enabled reminder gets its time under the new lead on the channel the settings now
 *   choose; a pending one that differs is cancelled and replaced; one whose new time has already passed
 *   keeps the pending one it had (the patient is still reminded, never twice); a reminder type that
 *   already went out (or was skipped) for this version is left alone; a type turned off on every channel
 *   has its pending messages cancelled.
 * - A pending confirmation or reschedule notice keeps its time and moves to the channel the settings now
 *   choose (or is cancelled when its type is off).
 * Running it again on its own result changes nothing. New rows get a fresh key (`…:r2`, `…:r3`) when the
 * one a booking would use is already taken by a row of this version.
 */
export function replanPendingDeliveries(input: ReplanInput): ReplanResult {
  const cancel: ReplanResult["cancel"] = [];
  const plan: PlannedDelivery[] = [];
  const keys = new Set(input.deliveries.map((d) => d.idempotencyKey));
  const freshKey = (key: string) => {
    let candidate = key;
    for (let n = 2; keys.has(candidate); n++) candidate = `${key}:r${n}`;
    keys.add(candidate);
    return candidate;
  };
  const pendingOf = (type: NotificationType) => input.deliveries.filter((d) => d.notificationType === type && d.status === "scheduled");
  const want = (type: NotificationType, channel: Channel, sendAt: Date, key: string): PlannedDelivery => ({
    notificationType: type,
    channel,
    sendAt,
    idempotencyKey: freshKey(`${key}:${channel}`),
    appointmentVersion: input.appointment.version,
    locale: input.patient.preferredLocale,
    templateKey: templateKey(type, input.appointment.kind, input.patient.preferredLocale),
    startsAt: input.appointment.startsAt,
  });

  for (const reminder of reminderTimes(input)) {
    const type = reminder.notificationType;
    const pending = pendingOf(type);
    const handled = input.deliveries.some((d) => d.notificationType === type && d.status !== "scheduled" && d.status !== "cancelled");
    if (handled) continue;
    const channel = chooseChannel(input, type);
    if (!channel) {
      for (const d of pending) cancel.push({ id: d.id, reason: "setting_off" });
      continue;
    }
    if (reminder.sendAt.getTime() <= input.now.getTime()) continue; // too late for the new time: the pending one stays
    const keep = pending.find((d) => d.channel === channel && d.sendAt.getTime() === reminder.sendAt.getTime());
    for (const d of pending) if (d !== keep) cancel.push({ id: d.id, reason: "settings_changed" });
    if (!keep) plan.push(want(type, channel, reminder.sendAt, reminder.key));
  }

  for (const type of ["booking_confirmation", "reschedule"] as const) {
    for (const d of pendingOf(type)) {
      const channel = chooseChannel(input, type);
      if (channel === d.channel) continue;
      cancel.push({ id: d.id, reason: channel ? "settings_changed" : "setting_off" });
      if (channel) plan.push(want(type, channel, d.sendAt, keyWithoutChannel(d.idempotencyKey)));
    }
  }
  return { cancel, plan };
}

/** The delivery row of a visit's planned message: its subject is the visit at the planned version, and it names the planned start. */
export function appointmentDeliveryRow(appointment: { id: string; clinicId: string; patientId: string }, p: PlannedDelivery): NewDelivery {
  return {
    clinicId: appointment.clinicId,
    patientId: appointment.patientId,
    subjectType: "appointment",
    subjectId: appointment.id,
    subjectVersion: p.appointmentVersion,
    appointmentId: appointment.id,
    appointmentVersion: p.appointmentVersion,
    notificationType: p.notificationType,
    channel: p.channel,
    locale: p.locale,
    templateKey: p.templateKey,
    sendAt: p.sendAt,
    idempotencyKey: p.idempotencyKey,
    payload: { startsAt: p.startsAt.toISOString() },
  };
}
