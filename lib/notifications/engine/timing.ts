import type { Delivery } from "@/db/schema";
import { kindOf } from "../registry";
import { NOTICE_DEADLINE_MS } from "../kinds/types";
import { quietHoursEnd, type QuietHours } from "../quiet-hours";

/**
 * Until when a message is worth sending, and whether it may wait out the clinic's quiet hours. The one
 * place the engine asks; the answers belong to each kind of message (`deadline` and `urgent`, kinds/).
 */

export { NOTICE_DEADLINE_MS } from "../kinds/types";
/**
 * Holding a message until quiet hours end must leave the patient this much time before its deadline;
 * otherwise it is urgent and goes out now (a cancellation of tomorrow's 08:30 visit).
 */
export const QUIET_HOURS_MIN_NOTICE_MS = 2 * 3_600_000;

/**
 * The instant after which sending this message is pointless: retries stop, fallbacks are not planned.
 * Without its subject (vanished, or not loaded), a notice's few hours.
 */
export function deadlineOf(delivery: Pick<Delivery, "notificationType" | "sendAt">, subject: unknown): Date {
  const kind = kindOf(delivery.notificationType);
  if (!kind || subject === null || subject === undefined) return new Date(delivery.sendAt.getTime() + NOTICE_DEADLINE_MS);
  return kind.deadline({ delivery, subject });
}

/**
 * When a claimed message must wait for the end of the clinic's quiet hours: the instant it may go out,
 * or null to send it now (outside the window, an urgent kind, or holding would leave the patient less
 * than QUIET_HOURS_MIN_NOTICE_MS before the message's deadline).
 */
export function quietHoursHold(params: {
  delivery: Pick<Delivery, "notificationType" | "sendAt">;
  context: { subject: unknown; clinic: { timezone: string } };
  quietHours: QuietHours;
  now: Date;
}): Date | null {
  const { delivery, context, quietHours, now } = params;
  if (kindOf(delivery.notificationType)?.urgent({ delivery })) return null;
  const release = quietHoursEnd({ at: now, timeZone: context.clinic.timezone, quietHours });
  if (!release) return null;
  const deadline = deadlineOf(delivery, context.subject);
  if (release.getTime() + QUIET_HOURS_MIN_NOTICE_MS > deadline.getTime()) return null;
  return release;
}
