/**
 * The notification engine's entry points. The engine lives in `engine/`: claim (claim.ts), load and decide
 * (load-context.ts, decide.ts), render (build-message.ts), send (send-claimed.ts), record (record.ts), the
 * whole of one claimed message (process-claimed.ts), recovery (recover.ts) and the sweep both drivers run
 * (sweep.ts).
 */
export type { DispatchDeps, DispatchOutcome } from "./engine/types";
export { claimDelivery } from "./engine/claim";
export { processClaimedDelivery } from "./engine/process-claimed";
export { dispatchDelivery } from "./engine/dispatch-delivery";
export { STUCK_AFTER_MS } from "./engine/recover";
export { runSweep, type SweepResult } from "./engine/sweep";
