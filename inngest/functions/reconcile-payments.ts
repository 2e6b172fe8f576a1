import { cron } from "inngest";
import { runPaymentsReconcile } from "@/lib/payments/reconcile-check";
import { inngest } from "../client";

/**
 * Every 15 minutes: online payments left requested past their Checkout Session's expiry, or pending
 * after their OXXO voucher lapsed with no news, are asked about at Stripe and what it says is applied
 * forward-only (lib/payments/reconcile-payments.ts). Nothing is marked without the provider's answer.
 */
export const reconcilePayments = inngest.createFunction(
  {
    id: "reconcile-payments",
    name: "Reconcile stale payments with Stripe",
    triggers: [cron("*/15 * * * *")],
    concurrency: { limit: 1 },
    // The next run is the retry (a payment asked about is not asked again before its interval).
    retries: 0,
  },
  async ({ step }) => step.run("reconcile", async () => runPaymentsReconcile(new Date())),
);
