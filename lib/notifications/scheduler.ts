import { getDb } from "@/db/client";
import { activeParts, getEnv, type Env } from "@/lib/env";
import { errorMessage, log } from "@/lib/log";
import { getTransports } from "./channels";
import type { DispatchDeps } from "./dispatch";
import { createEmbeddedDriver, EMBEDDED_SWEEP_DEFAULTS, type EmbeddedDriver } from "./drivers/embedded";
import { createPacer, type Pacer } from "./engine/pacer";
import { parseSendRates } from "./engine/pacing";

export type SchedulerKind = "inngest" | "embedded";

export function schedulerKind(env: Env = getEnv()): SchedulerKind {
  return activeParts(env).scheduler;
}

const globalForDeps = globalThis as unknown as { __lunaPacer?: Pacer };

/** The app's dispatch dependencies: one pacer per process (its slots come from the shared table). */
export async function appDispatchDeps(): Promise<DispatchDeps> {
  const db = await getDb();
  const env = getEnv();
  globalForDeps.__lunaPacer ??= createPacer({ db, rates: parseSendRates(env.SEND_RATE_LIMITS) });
  return { db, transports: getTransports(), pacer: globalForDeps.__lunaPacer, leaseMs: env.DISPATCH_LEASE_MS };
}

/** The app's embedded driver: the sweep loop on the app's database and transports (started on creation). */
export function createAppEmbeddedDriver(): EmbeddedDriver {
  return createEmbeddedDriver({
    deps: appDispatchDeps,
    sweep: { ...EMBEDDED_SWEEP_DEFAULTS, concurrency: getEnv().DISPATCH_CONCURRENCY ?? EMBEDDED_SWEEP_DEFAULTS.concurrency },
    onError: (error) => log.error({ event: "scheduler.sweep_failed" }, `[scheduler] sweep failed: ${errorMessage(error)}`),
  });
}
