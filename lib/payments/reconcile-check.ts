import { getDb } from "@/db/client";
import { errorMessage, log } from "@/lib/log";
import { paymentGateway } from "./gateway";
import { reconcileStalePayments } from "./reconcile-payments";

/** How often the embedded scheduler asks the provider about stale payments (Inngest has its own cron). */
export const PAYMENTS_RECONCILE_INTERVAL_MS = 15 * 60_000;

const globalForReconcile = globalThis as unknown as { __lunaPaymentsReconcile?: ReturnType<typeof setInterval> };

/** One run on the app's database with the environment's gateway (the Inngest cron and the embedded timer both call it). */
export async function runPaymentsReconcile(now = new Date()) {
  return reconcileStalePayments(await getDb(), { gateway: paymentGateway(), now });
}

/** The embedded scheduler's timer (once per process). */
export function startEmbeddedPaymentsReconcile(intervalMs = PAYMENTS_RECONCILE_INTERVAL_MS) {
  if (globalForReconcile.__lunaPaymentsReconcile) return;
  const timer = setInterval(() => {
    runPaymentsReconcile().catch((error) =>
      log.error({ event: "payments.reconcile_failed" }, `[payments] reconcile failed: ${errorMessage(error)}`),
    );
  }, intervalMs);
  timer.unref?.();
  globalForReconcile.__lunaPaymentsReconcile = timer;
}
