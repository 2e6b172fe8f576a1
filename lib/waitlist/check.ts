import { getDb } from "@/db/client";
import { errorMessage, log } from "@/lib/log";
import { advanceSlotOffers } from "./offers";

/** How often the embedded scheduler runs the waitlist's check (holds that ran out, waves held for quiet hours). */
export const WAITLIST_CHECK_INTERVAL_MS = 30_000;

const globalForCheck = globalThis as unknown as { __lunaWaitlistCheck?: ReturnType<typeof setInterval> };

/** One run of the check on the app's database (the Inngest cron and the embedded timer both call it). */
export async function runWaitlistCheck(now = new Date()) {
  const { advanced, scheduled } = await advanceSlotOffers(await getDb(), { now });
  return { advanced, scheduled: scheduled.length };
}

/** The embedded scheduler's timer for the check (once per process; Inngest has its own cron). */
export function startEmbeddedWaitlistCheck(intervalMs = WAITLIST_CHECK_INTERVAL_MS) {
  if (globalForCheck.__lunaWaitlistCheck) return;
  const timer = setInterval(() => {
    runWaitlistCheck().catch((error) => log.error({ event: "waitlist.check_failed" }, `[waitlist] check failed: ${errorMessage(error)}`));
  }, intervalMs);
  timer.unref?.();
  globalForCheck.__lunaWaitlistCheck = timer;
}
