import { and, asc, eq, isNotNull, isNull, lte, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments, type Payment, type PaymentStatus } from "@/db/schema";
import { runChange } from "@/lib/domain-events/run-change";
import { errorMessage, log } from "@/lib/log";
import type { PaymentEventType } from "./history";
import type { CheckoutState, PaymentGateway } from "./gateway";
import { movePayment } from "./stripe-webhook";

/** A session past its expiry is asked about this long after (its own webhook usually arrives first). */
export const REQUESTED_GRACE_MS = 10 * 60_000;
/** A pending OXXO/SPEI payment with no news for this long (and its voucher lapsed) is asked about; then again after as long. */
export const PENDING_STALE_MS = 24 * 60 * 60_000;

export interface ReconcileResult {
  checked: number;
  changed: number;
  failedLookups: number;
}

/** What the provider's answer means for Luna's payment (null: nothing to change, ask again later). Pure. */
export function outcomeOf(payment: Pick<Payment, "status">, state: CheckoutState): { to: PaymentStatus; type: PaymentEventType } | null {
  if (state.status === "complete" && state.paymentStatus === "paid") return { to: "paid", type: "payment.paid" };
  if (state.status === "expired") return payment.status === "requested" ? { to: "expired", type: "payment.expired" } : null;
  if (state.status === "complete" && payment.status === "requested") return { to: "pending", type: "payment.pending" };
  // The voucher (or transfer) lapsed: Stripe put the PaymentIntent back to wanting a method, or cancelled it.
  if (
    state.status === "complete" &&
    payment.status === "pending" &&
    (state.intentStatus === "requires_payment_method" || state.intentStatus === "canceled")
  )
    return { to: "failed", type: "payment.failed" };
  return null;
}

/**
 * The reconciliation job: online payments left `requested` past their Checkout Session's expiry, or
 * `pending` a day with no news after their OXXO voucher lapsed (a missed webhook is never replayed),
 * are asked about at the provider, outside any transaction, and what it says is applied through the
 * webhook's forward-only `movePayment` on a freshly locked row: nothing is marked expired or failed
 * unless the provider says so, a webhook that landed meanwhile wins, and nothing is ever charged or
 * created at the provider. A payment asked about is not asked again before its interval. All clinics
 * (a system job): each payment's own clinic and account are used.
 */
export async function reconcileStalePayments(
  db: Db,
  params: { gateway: PaymentGateway; now: Date; limit?: number },
): Promise<ReconcileResult> {
  const { gateway, now } = params;
  const requestedBefore = new Date(now.getTime() - REQUESTED_GRACE_MS);
  const pendingBefore = new Date(now.getTime() - PENDING_STALE_MS);
  const stale = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.provider, gateway.kind),
        isNotNull(payments.checkoutSessionId),
        or(
          and(eq(payments.status, "requested"), lte(payments.checkoutExpiresAt, requestedBefore), lte(payments.updatedAt, requestedBefore)),
          and(
            eq(payments.status, "pending"),
            lte(payments.updatedAt, pendingBefore),
            or(isNull(payments.pendingExpiresAt), lte(payments.pendingExpiresAt, now)),
          ),
        ),
      ),
    )
    .orderBy(asc(payments.updatedAt))
    .limit(params.limit ?? 100);

  const result: ReconcileResult = { checked: 0, changed: 0, failedLookups: 0 };
  for (const payment of stale) {
    result.checked += 1;
    let state: CheckoutState | null = null;
    try {
      state = await gateway.retrieveCheckout({
        sessionId: payment.checkoutSessionId!,
        accountId: payment.providerAccountId,
        expiresAt: payment.checkoutExpiresAt,
        now,
      });
    } catch (error) {
      result.failedLookups += 1;
      log.warn({ paymentId: payment.id, err: errorMessage(error) }, "payments reconcile: lookup failed");
    }
    const changed = await runChange(db, async (tx, change) => {
      const [current] = await tx
        .select()
        .from(payments)
        .where(and(eq(payments.clinicId, payment.clinicId), eq(payments.id, payment.id)))
        .for("update");
      if (!current) return false;
      const outcome = state ? outcomeOf(current, state) : null;
      if (outcome && current.status === payment.status) {
        const moved = await movePayment(tx, change, {
          payment: current,
          to: outcome.to,
          type: outcome.type,
          intentId: state?.intentId ?? null,
          eventId: `reconcile:${current.id}:${outcome.to}`,
          now,
          metadata: { reconciled: true },
        });
        if (moved === "applied") return true;
      }
      // Still open, a lookup that failed, or moved meanwhile: not asked again before its interval.
      if (current.status === payment.status)
        await tx
          .update(payments)
          .set({ updatedAt: now })
          .where(and(eq(payments.clinicId, current.clinicId), eq(payments.id, current.id)));
      return false;
    });
    if (changed) result.changed += 1;
  }
  return result;
}
