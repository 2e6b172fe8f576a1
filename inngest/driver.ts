import type { NotificationDriver } from "@/lib/notifications/drivers/types";
import { sendDeliveryEvents, sendSubjectChanged } from "./send-delivery-events";

/**
 * The Inngest driver: each delivery a timer can reach gets `luna/delivery.scheduled` (a durable sleep,
 * `deliver-at-time`); a moved or cancelled appointment sends `luna/subject.changed` with its subject key,
 * which cancels its sleeping timers (`cancelOn`). Nothing runs in this process between events: Inngest calls back
 * through /api/inngest. Installed by lib/startup.ts when Inngest is configured (instrumentation.ts passes
 * this factory in, so lib/ never imports the Inngest client).
 */
export function createInngestDriver(): NotificationDriver {
  return {
    kind: "inngest",
    async deliveriesScheduled(scheduled) {
      if (scheduled.length > 0) await sendDeliveryEvents(scheduled);
    },
    async subjectChanged(subject) {
      // Only a visit has sleeping timers tied to a version; a link's or a patient's messages go out at once.
      if (subject.subjectType === "appointment") await sendSubjectChanged(subject);
    },
    async stop() {},
  };
}
