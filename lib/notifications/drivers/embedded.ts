import type { DispatchDeps, SweepResult } from "../dispatch";
import { runSweep } from "../dispatch";

/**
 * The in-process driver used when Inngest is not configured: the same due-sweep every few seconds,
 * one run at a time, plus `kick()` so a booking's confirmation goes out at once.
 */
export interface EmbeddedDriver {
  kick(): void;
  stop(): Promise<void>;
  /** Resolves after the next complete sweep (tests and benchmarks). */
  drain(): Promise<SweepResult>;
}

export function createEmbeddedDriver(params: {
  deps: () => Promise<DispatchDeps>;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}): EmbeddedDriver {
  const intervalMs = params.intervalMs ?? 5_000;
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
        return await runSweep(await params.deps());
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

  return {
    kick() {
      if (!stopped) sweep().catch((e) => params.onError?.(e));
    },
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
