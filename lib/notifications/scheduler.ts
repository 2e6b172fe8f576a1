import { getDb } from "@/db/client";
import { activeParts, getEnv, type Env } from "@/lib/env";
import { errorMessage, log } from "@/lib/log";
import { createClinicSenders } from "@/lib/messaging/clinic-transports";
import { getTransports } from "./channels";
import type { DispatchDeps } from "./dispatch";
import type { ClinicSenders } from "./engine/types";
import { createEmbeddedDriver, EMBEDDED_SWEEP_DEFAULTS, type EmbeddedDriver } from "./drivers/embedded";
import { createPacer, type Pacer } from "./engine/pacer";
import { parseSendRates } from "./engine/pacing";

export type SchedulerKind = "inngest" | "embedded";

export function schedulerKind(env: Env = getEnv()): SchedulerKind {
  return activeParts(env).scheduler;
}

const globalForDeps = globalThis as unknown as { __lunaPacer?: Pacer; __lunaSenders?: ClinicSenders };

/**
 * The app's dispatch dependencies: one pacer per process (its slots come from the shared table), and one
 * resolver of per-clinic senders (its SDK clients cached per clinic settings).
 */
export async function appDispatchDeps(): Promise<DispatchDeps> {
  const db = await getDb();
  const env = getEnv();
  globalForDeps.__lunaPacer ??= createPacer({ db, rates: parseSendRates(env.SEND_RATE_LIMITS) });
  globalForDeps.__lunaSenders ??= createClinicSenders({ db, env });
  return {
    db,
    transports: getTransports(),
    senders: globalForDeps.__lunaSenders,
    pacer: globalForDeps.__lunaPacer,
    leaseMs: env.DISPATCH_LEASE_MS,
  };
}

/** The app's embedded driver: the sweep loop on the app's database and transports (started on creation). */
export function createAppEmbeddedDriver(): EmbeddedDriver {
  return createEmbeddedDriver({
    deps: appDispatchDeps,
    sweep: { ...EMBEDDED_SWEEP_DEFAULTS, concurrency: getEnv().DISPATCH_CONCURRENCY ?? EMBEDDED_SWEEP_DEFAULTS.concurrency },
    onError: (error) => log.error({ event: "scheduler.sweep_failed" }, `[scheduler] sweep failed: ${errorMessage(error)}`),
  });
}
