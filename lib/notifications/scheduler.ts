import { getDb } from "@/db/client";
import { activeParts, getEnv, type Env } from "@/lib/env";
import type { ScheduledDelivery } from "@/lib/appointments/change-appointment";
import { getTransports } from "./channels";
import type { DispatchDeps } from "./dispatch";
import { createEmbeddedDriver, EMBEDDED_SWEEP_DEFAULTS, type EmbeddedDriver } from "./drivers/embedded";
import { createPacer, type Pacer } from "./engine/pacer";
import { parseSendRates } from "./engine/pacing";

export type SchedulerKind = "inngest" | "embedded";

export function schedulerKind(env: Env = getEnv()): SchedulerKind {
  return activeParts(env).scheduler;
}

const globalForDriver = globalThis as unknown as { __lunaEmbeddedDriver?: EmbeddedDriver; __lunaPacer?: Pacer };

/** The app's dispatch dependencies: one pacer per process (its slots come from the shared table). */
export async function appDispatchDeps(): Promise<DispatchDeps> {
  const db = await getDb();
  const env = getEnv();
  globalForDriver.__lunaPacer ??= createPacer({ db, rates: parseSendRates(env.SEND_RATE_LIMITS) });
  return { db, transports: getTransports(), pacer: globalForDriver.__lunaPacer, leaseMs: env.DISPATCH_LEASE_MS };
}

/** Starts the in-process driver once per process (instrumentation.ts), unless Inngest drives. */
export function startEmbeddedDriver() {
  if (schedulerKind() !== "embedded" || globalForDriver.__lunaEmbeddedDriver) return globalForDriver.__lunaEmbeddedDriver;
  globalForDriver.__lunaEmbeddedDriver = createEmbeddedDriver({
    deps: appDispatchDeps,
    sweep: { ...EMBEDDED_SWEEP_DEFAULTS, concurrency: getEnv().DISPATCH_CONCURRENCY ?? EMBEDDED_SWEEP_DEFAULTS.concurrency },
    onError: (error) => console.error("[scheduler] sweep failed:", error instanceof Error ? error.message : error),
  });
  return globalForDriver.__lunaEmbeddedDriver;
}

/**
 * Tells the active driver about deliveries written by a committed transaction. Best effort: the
 * database is the truth and the every-minute sweep catches anything a lost notification missed.
 */
export async function notifyDeliveriesScheduled(scheduled: ScheduledDelivery[]) {
  if (scheduled.length === 0) return;
  try {
    if (schedulerKind() === "inngest") {
      const { sendDeliveryEvents } = await import("@/inngest/send-delivery-events");
      await sendDeliveryEvents(scheduled);
    } else {
      globalForDriver.__lunaEmbeddedDriver?.kick();
    }
  } catch (error) {
    console.error("[scheduler] could not notify the driver; the sweep will pick these up:", error instanceof Error ? error.message : error);
  }
}

/** Tells Inngest an appointment changed, so sleeping runs of its old version stop (`cancelOn`). */
export async function notifyAppointmentChanged(appointmentId: string) {
  if (schedulerKind() !== "inngest") return;
  try {
    const { sendAppointmentChanged } = await import("@/inngest/send-delivery-events");
    await sendAppointmentChanged(appointmentId);
  } catch (error) {
    console.error("[scheduler] could not send appointment.changed:", error instanceof Error ? error.message : error);
  }
}
