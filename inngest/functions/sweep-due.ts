import { cron } from "inngest";
import { runSweep } from "@/lib/notifications/dispatch";
import { appDispatchDeps } from "@/lib/notifications/scheduler";
import { inngest } from "../client";

/**
 * The safety net: every minute, recover rows stuck in `sending` and dispatch everything due that no
 * timer sent (a lost event, a crashed run, a delivery the hand-over missed).
 */
export const sweepDue = inngest.createFunction(
  {
    id: "sweep-due",
    name: "Sweep due deliveries",
    triggers: [cron("* * * * *")],
    // One sweep at a time (concurrent sweeps would be safe — claims skip locked rows — but wasteful).
    concurrency: { limit: 1 },
    // The next minute's run is the retry.
    retries: 0,
  },
  async ({ step }) => step.run("run-sweep", async () => runSweep(await appDispatchDeps())),
);
