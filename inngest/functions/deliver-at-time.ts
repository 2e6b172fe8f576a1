import { dispatchDelivery } from "@/lib/notifications/dispatch";
import { appDispatchDeps } from "@/lib/notifications/scheduler";
import { inngest } from "../client";
import { appointmentChanged, deliveryScheduled } from "../events";

/**
 * One delivery's timer: sleep until it is due, then hand it to `dispatchDelivery`, which claims the
 * row, re-checks that it is still wanted and sends it. The row is the truth: a stale or cancelled
 * delivery is refused there, whatever this run believes.
 */
export const deliverAtTime = inngest.createFunction(
  {
    id: "deliver-at-time",
    name: "Deliver a message at its time",
    triggers: [deliveryScheduled],
    // A reschedule or cancellation stops the appointment's sleeping timers early.
    cancelOn: [{ event: appointmentChanged, if: "event.data.appointmentId == async.data.appointmentId" }],
    // One run per delivery, however many times its event is sent (writer, hand-over, replays).
    idempotency: "event.data.deliveryId",
    // Steps sending at once: sleeping runs do not count. Keeps the database pool and providers calm.
    concurrency: { limit: 10 },
    // A failed dispatch step is retried; a delivery the retry can no longer claim is the sweep's.
    retries: 3,
  },
  async ({ event, step }) => {
    await step.sleepUntil("wait-until-due", event.data.sendAt);
    const outcome = await step.run("dispatch", async () => dispatchDelivery(await appDispatchDeps(), event.data.deliveryId));
    return { deliveryId: event.data.deliveryId, outcome };
  },
);
