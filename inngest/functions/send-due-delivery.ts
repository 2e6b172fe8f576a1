import type { Channel } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { dispatchDelivery } from "@/lib/notifications/dispatch";
import { channelRateCeiling, parseSendRates } from "@/lib/notifications/engine/pacing";
import { appDispatchDeps } from "@/lib/notifications/scheduler";
import { inngest } from "../client";
import { deliveryDue } from "../events";

/**
 * The function that sends on the Inngest path, one per channel: triggered by `luna/delivery.due`, its
 * runs start at most `channelRateCeiling` a second per sender (`throttle`, keyed by the event's
 * `sender`; runs above it wait in Inngest's queue, none is dropped), then `dispatchDelivery` claims the
 * row, re-checks it and sends. The shared bucket in `send_pacing` still paces each send, so a sender
 * configured slower than its channel, or slowed by a 429, holds across both drivers.
 */
function sendDueOn(channel: Channel, rates: Record<string, number>) {
  return inngest.createFunction(
    {
      id: `send-due-${channel}`,
      name: `Send a due ${channel} message`,
      triggers: [{ event: deliveryDue, if: `event.data.channel == "${channel}"` }],
      // burst 1: runs are spread evenly over the second, never bunched at its start.
      throttle: { key: "event.data.sender", limit: channelRateCeiling(channel, rates), period: "1s", burst: 1 },
      // One send per delivery, however many times its due event arrives.
      idempotency: "event.data.deliveryId",
      // Steps sending at once (each bounded by PROVIDER_TIMEOUT_MS): the database pool stays calm.
      concurrency: { limit: 16 },
      // A failed dispatch step is retried; a delivery the retry can no longer claim is the sweep's.
      retries: 3,
    },
    async ({ event, step }) => {
      const outcome = await step.run("dispatch", async () => dispatchDelivery(await appDispatchDeps(), event.data.deliveryId));
      return { deliveryId: event.data.deliveryId, outcome };
    },
  );
}

const rates = parseSendRates(getEnv().SEND_RATE_LIMITS);
export const sendDueWhatsapp = sendDueOn("whatsapp", rates);
export const sendDueSms = sendDueOn("sms", rates);
export const sendDueEmail = sendDueOn("email", rates);
