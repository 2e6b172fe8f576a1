import { senderKeyOf } from "@/lib/notifications/channels";
import { inngest } from "../client";
import { deliveryDueEvent, deliveryScheduled, subjectChanged } from "../events";

/**
 * One delivery's timer: sleep until it is due, then hand it to its channel's send function
 * (send-due-delivery.ts), which is throttled per sender. The timer does not send: Inngest throttles
 * the start of runs, and this run started when the delivery was scheduled.
 */
export const deliverAtTime = inngest.createFunction(
  {
    id: "deliver-at-time",
    name: "Deliver a message at its time",
    triggers: [deliveryScheduled],
    // A change of the delivery's subject (a visit rescheduled or cancelled) stops its sleeping timers early.
    cancelOn: [
      {
        event: subjectChanged,
        if: "event.data.subjectType == async.data.subjectType && event.data.subjectId == async.data.subjectId",
      },
    ],
    // One run per delivery, however many times its event is sent (writer, hand-over, replays).
    idempotency: "event.data.deliveryId",
    // Steps running at once: sleeping runs do not count.
    concurrency: { limit: 10 },
    // A failed hand-over is retried; a delivery that is never handed over is the sweep's.
    retries: 3,
  },
  async ({ event, step }) => {
    const { deliveryId, channel } = event.data;
    await step.sleepUntil("wait-until-due", event.data.sendAt);
    // The sender as configured now, not when the delivery was planned (the env may have changed).
    const sender = senderKeyOf(channel);
    await step.sendEvent("hand-to-sender", deliveryDueEvent({ deliveryId, channel, sender }));
    return { deliveryId, sender };
  },
);
