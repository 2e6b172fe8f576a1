import type { Db } from "@/db/client";
import type { Change } from "@/lib/domain-events/run-change";
import { getChargeWithBalance } from "./balances";

/**
 * After a payment or a void, in the same change: when the charge owes nothing any more (paid in full,
 * voided), publishes `charge.settled`, whose listener cancels its pending request and balance reminders.
 */
export async function publishIfSettled(tx: Db, change: Change, params: { clinicId: string; chargeId: string; now: Date }) {
  const charge = await getChargeWithBalance(tx, { clinicId: params.clinicId, chargeId: params.chargeId });
  if (!charge) return;
  if (charge.state !== "void" && charge.balanceMinor > 0) return;
  await change.publish({
    type: "charge.settled",
    clinicId: params.clinicId,
    chargeId: params.chargeId,
    reason: charge.state === "void" ? "charge_void" : "charge_paid",
    now: params.now,
  });
}
