import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { isWithinSleepHorizon } from "@/lib/notifications/queries";
import { inngest } from "./client";
import { deliveryScheduledEvent, subjectChanged, type SubjectChangedData } from "./events";

/** Inngest takes up to 5,000 events a request; stay well below. */
const EVENTS_PER_REQUEST = 500;

/**
 * After a transaction wrote deliveries: one `luna/delivery.scheduled` per delivery a timer can
 * reach (due within the sleep horizon). Those further out are handed over by the daily
 * `hand-over-horizon` function; anything lost is dispatched by the every-minute sweep.
 */
export async function sendDeliveryEvents(scheduled: ScheduledDelivery[], now: Date = new Date()) {
  const events = scheduled.filter((d) => isWithinSleepHorizon(d.nextAttemptAt, now)).map(deliveryScheduledEvent);
  const ids: string[] = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_REQUEST) {
    const sent = await inngest.send(events.slice(i, i + EVENTS_PER_REQUEST));
    ids.push(...sent.ids);
  }
  return { ids };
}

/**
 * After a subject changed (an appointment rescheduled or cancelled): the sleeping timers of its
 * deliveries are cancelled. Send it before the new version's `sendDeliveryEvents`, or the new timers may
 * be cancelled too (harmless — the sweep sends them — but up to a minute late).
 */
export async function sendSubjectChanged(subject: SubjectChangedData) {
  return inngest.send(subjectChanged.create(subject));
}

/** An appointment's change, as the scheduler reports it. */
export async function sendAppointmentChanged(appointmentId: string) {
  return sendSubjectChanged({ subjectType: "appointment", subjectId: appointmentId });
}
