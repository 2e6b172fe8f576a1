import type { DispatchDeps, SweepResult } from "../dispatch";
import { runSweep } from "../dispatch";
import type { SweepParams } from "../engine/sweep";
import type { NotificationDriver } from "./types";

/**
 * The in-process driver used when Inngest is not configured: the same due-sweep every few seconds,
 * one run at a time, plus `kick()` so a booking's confirmation goes out at once. As a
 * `NotificationDriver`: new deliveries kick the sweep; a changed subject needs nothing (no timers sleep
 * here: the sweep re-reads the row, and a stale version is cancelled when claimed).
 */
export interface EmbeddedDriver extends NotificationDriver {
  readonly kind: "embedded";
  kick(): void;
  stop(): Promise<void>;
  /** Resolves after the next complete sweep (tests and benchmarks). */
  drain(): Promise<SweepResult>;
}

/**
 * Defaults that drain a burst at the rate the bench measures for one process (docs/benchmarks.md):
 * 16 in flight (throughput is bound by CPU, not by in-flight requests, beyond that), claims of 200
 * topped up as the pool runs low, and a sweep that goes on until nothing is due.
 */
export const EMBEDDED_SWEEP_DEFAULTS: Required<Omit<SweepParams, "scope">> = { batchSize: 200, concurrency: 16, maxBatches: 500 };
export const EMBEDDED_INTERVAL_MS = 2_000;

export function createEmbeddedDriver(params: {
  deps: () => Promise<DispatchDeps>;
  intervalMs?: number;
  sweep?: SweepParams;
  onError?: (error: unknown) => void;
}): EmbeddedDriver {
  const intervalMs = params.intervalMs ?? EMBEDDED_INTERVAL_MS;
  const sweepParams = { ...EMBEDDED_SWEEP_DEFAULTS, ...params.sweep };
  let running: Promise<SweepResult> | null = null;
  let again = false;
  let stopped = false;

  const sweep = (): Promise<SweepResult> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        const result = await runSweep(await params.deps(), sweepParams);
        // Stopped at its bound with rows still coming: go on at once rather than wait for the tick.
        if (result.claimed >= sweepParams.batchSize * sweepParams.maxBatches) again = true;
        return result;
      } finally {
        running = null;
        if (again && !stopped) {
          again = false;
          void sweep().catch((e) => params.onError?.(e));
        }
      }
    })();
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) sweep().catch((e) => params.onError?.(e));
  }, intervalMs);
  timer.unref?.();

  const kick = () => {
    if (!stopped) sweep().catch((e) => params.onError?.(e));
  };
  return {
    kind: "embedded",
    kick,
    async deliveriesScheduled(scheduled) {
      if (scheduled.length > 0) kick();
    },
    async subjectChanged() {},
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
    async drain() {
      if (running) await running.catch(() => undefined);
      return sweep();
    },
  };
}
