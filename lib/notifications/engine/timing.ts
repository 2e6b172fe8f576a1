import type { Delivery } from "@/db/schema";
import { NOTIFICATION_REGISTRY, type NotificationType } from "../registry";
import { quietHoursEnd, type QuietHours } from "../quiet-hours";
import type { DeliveryContext } from "./load-context";

/**
 * Until when a message is worth sending, and whether it may wait out the clinic's quiet hours. The one
 * place the engine asks; the answers belong to each kind of message (today read from the registry's
 * trigger and type, later from the kind modules' `deadline` and `urgent`).
 */

/** A notice with no visit or link to be timely for (a reply's confirmation): worth sending for this long. */
export const NOTICE_DEADLINE_MS = 4 * 3_600_000;
/**
 * Holding a message until quiet hours end must leave the patient this much time before its deadline;
 * otherwise it is urgent and goes out now (a cancellation of tomorrow's 08:30 visit).
 */
export const QUIET_HOURS_MIN_NOTICE_MS = 2 * 3_600_000;

type TimingContext = Pick<DeliveryContext, "appointment" | "link">;

/** The instant after which sending this message is pointless: retries stop, fallbacks are not planned. */
export function deadlineOf(delivery: Pick<Delivery, "notificationType" | "sendAt">, context: TimingContext | null): Date {
  const trigger = NOTIFICATION_REGISTRY[delivery.notificationType]?.trigger;
  // Everything about a visit (confirmation, reminders, reschedule and cancellation notices) is worth
  // sending until the visit starts.
  if (trigger === "appointment" && context?.appointment) return context.appointment.startsAt;
  // A patient link until it expires.
  if (trigger === "link" && context?.link) return context.link.expiresAt;
  return new Date(delivery.sendAt.getTime() + NOTICE_DEADLINE_MS);
}

/** Kinds that always go out at once, whatever the hour: the 1 h reminder is useless at 08:00. */
const ALWAYS_URGENT: ReadonlySet<string> = new Set<NotificationType>(["reminder_1h"]);
/** The patient's own STOP/START gets its answer at once: they just wrote. */
const ANSWERS_TO_PATIENT: ReadonlySet<string> = new Set(
  Object.entries(NOTIFICATION_REGISTRY)
    .filter(([, definition]) => definition.trigger === "patient_reply")
    .map(([type]) => type),
);

/**
 * When a claimed message must wait for the end of the clinic's quiet hours: the instant it may go out,
 * or null to send it now (outside the window, an urgent kind, or holding would leave the patient less
 * than QUIET_HOURS_MIN_NOTICE_MS before the message's deadline).
 */
export function quietHoursHold(params: {
  delivery: Pick<Delivery, "notificationType" | "sendAt">;
  context: TimingContext & { clinic: { timezone: string } };
  quietHours: QuietHours;
  now: Date;
}): Date | null {
  const { delivery, context, quietHours, now } = params;
  if (ALWAYS_URGENT.has(delivery.notificationType) || ANSWERS_TO_PATIENT.has(delivery.notificationType)) return null;
  const release = quietHoursEnd({ at: now, timeZone: context.clinic.timezone, quietHours });
  if (!release) return null;
  const deadline = deadlineOf(delivery, context);
  if (release.getTime() + QUIET_HOURS_MIN_NOTICE_MS > deadline.getTime()) return null;
  return release;
}
