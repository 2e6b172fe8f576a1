import { cron } from "inngest";
import { getDb } from "@/db/client";
import { listDeliveriesEnteringSleepHorizon } from "@/lib/notifications/queries";
import { inngest } from "../client";
import { deliveryScheduledEvent } from "../events";

/** Events per `step.sendEvent` (Inngest accepts up to 5,000 a request). */
export const HAND_OVER_BATCH_SIZE = 500;

/**
 * Daily: deliveries planned beyond the sleep horizon (appointments are booked months ahead) get
 * their timer once they come within it — one `luna/delivery.scheduled` each, sent in batches.
 */
export const handOverHorizon = inngest.createFunction(
  {
    id: "hand-over-horizon",
    name: "Hand deliveries entering the sleep horizon to timers",
    triggers: [cron("TZ=America/Mexico_City 0 3 * * *")],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    const entering = await step.run("list-deliveries-entering-horizon", async () => {
      const rows = await listDeliveriesEnteringSleepHorizon(await getDb(), { now: new Date() });
      return rows.map((row) => ({
        id: row.id,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        channel: row.channel,
        nextAttemptAt: row.nextAttemptAt.toISOString(),
      }));
    });
    for (let batch = 0; batch * HAND_OVER_BATCH_SIZE < entering.length; batch++) {
      const slice = entering.slice(batch * HAND_OVER_BATCH_SIZE, (batch + 1) * HAND_OVER_BATCH_SIZE);
      await step.sendEvent(`hand-over-${batch}`, slice.map(deliveryScheduledEvent));
    }
    return { handedOver: entering.length };
  },
);
