import { claimDelivery } from "./claim";
import { processClaimedDelivery } from "./process-claimed";
import { nowOf, type DispatchDeps, type DispatchOutcome } from "./types";

/** Claims and sends one delivery (the Inngest per-delivery function calls this after its sleep). */
export async function dispatchDelivery(deps: DispatchDeps, deliveryId: string): Promise<DispatchOutcome> {
  const claimed = await claimDelivery(deps.db, { deliveryId, now: nowOf(deps), owner: deps.workerId, leaseMs: deps.leaseMs });
  if (!claimed) return "not_claimed";
  return processClaimedDelivery(deps, claimed);
}
