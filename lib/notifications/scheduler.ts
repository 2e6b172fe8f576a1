import { getDb } from "@/db/client";
import { activeParts, getEnv, type Env } from "@/lib/env";
import type { ScheduledDelivery } from "@/lib/appointments/change-appointment";
import { getTransports } from "./channels";
import type { DispatchDeps } from "./dispatch";
import { createEmbeddedDriver, type EmbeddedDriver } from "./drivers/embedded";

export type SchedulerKind = "inngest" | "embedded";

export function schedulerKind(env: Env = getEnv()): SchedulerKind {
  return activeParts(env).scheduler;
}

export async function appDispatchDeps(): Promise<DispatchDeps> {
  return { db: await getDb(), transports: getTransports() };
}

const globalForDriver = globalThis as unknown as { __lunaEmbeddedDriver?: EmbeddedDriver };

/** Starts the in-process driver once per process (instrumentation.ts), unless Inngest drives. */
export function startEmbeddedDriver() {
  if (schedulerKind() !== "embedded" || globalForDriver.__lunaEmbeddedDriver) return globalForDriver.__lunaEmbeddedDriver;
  globalForDriver.__lunaEmbeddedDriver = createEmbeddedDriver({
    deps: appDispatchDeps,
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
