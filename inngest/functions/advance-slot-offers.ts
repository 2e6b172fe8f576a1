import { cron } from "inngest";
import { runWaitlistCheck } from "@/lib/waitlist/check";
import { inngest } from "../client";

/**
 * Every minute: waitlist offers whose holds ran out go to their next wave, and waves held for quiet hours
 * go out once the window ends (lib/waitlist/offers.ts). Each offer is its own change: its messages reach
 * the driver after that commit.
 */
export const advanceSlotOffersCron = inngest.createFunction(
  {
    id: "advance-slot-offers",
    name: "Move waitlist offers to their next wave",
    triggers: [cron("* * * * *")],
    concurrency: { limit: 1 },
    retries: 0,
  },
  async ({ step }) => step.run("advance", async () => runWaitlistCheck(new Date())),
);
