import { deliverAtTime } from "./deliver-at-time";
import { handOverHorizon } from "./hand-over-horizon";
import { reconcileStatuses } from "./reconcile-statuses";
import { sweepDue } from "./sweep-due";

/** Every function the serve route registers with Inngest. */
export const functions = [deliverAtTime, handOverHorizon, sweepDue, reconcileStatuses];

export { deliverAtTime, handOverHorizon, sweepDue, reconcileStatuses };
