import type { PaymentStatus } from "@/db/schema";

const RANK: Record<PaymentStatus, number> = { requested: 0, pending: 1, paid: 2, failed: 2, expired: 2, refunded: 3 };

/**
 * A payment's state only moves forward: a late `checkout.session.completed` (unpaid) never turns a paid
 * payment back into pending, an `expired` never undoes a payment, and only a paid one can be refunded.
 */
export function canMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  if (from === to) return false;
  if (to === "refunded") return from === "paid";
  return RANK[to] > RANK[from];
}
