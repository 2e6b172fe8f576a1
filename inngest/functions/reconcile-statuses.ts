import { cron } from "inngest";
import { reconcileStaleDeliveries } from "@/lib/notifications/reconcile";
import { appDispatchDeps } from "@/lib/notifications/scheduler";
import { inngest } from "../client";

/**
 * Every 10 minutes: ask Twilio about WhatsApp/SMS messages with no news for 15 minutes (a missed
 * status callback is never replayed) and apply what it says — including the fallback of a message
 * found failed (planned and handed to the driver by `applyProviderStatus`).
 */
export const reconcileStatuses = inngest.createFunction(
  {
    id: "reconcile-statuses",
    name: "Reconcile message statuses with Twilio",
    triggers: [cron("*/10 * * * *")],
    concurrency: { limit: 1 },
    // The next run is the retry (lookups are recorded and backed off per delivery).
    retries: 0,
  },
  async ({ step }) =>
    step.run("reconcile", async () => {
      // Each status applied is its own change: its fallback reaches the driver after that commit.
      const { scheduled, ...counts } = await reconcileStaleDeliveries(await appDispatchDeps(), { now: new Date() });
      return { ...counts, scheduled: scheduled.length };
    }),
);
