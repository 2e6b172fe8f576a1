import { log, errorMessage } from "@/lib/log";
import type { NotificationDriver, SubjectKey } from "./types";
import type { ScheduledDelivery } from "../insert-deliveries";

// One driver per process. On globalThis: Next.js loads instrumentation.ts and the app's routes as separate
// module graphs in one process, and hot reload re-evaluates modules; both must see the installed driver.
const globalForDriver = globalThis as unknown as { __lunaNotificationDriver?: NotificationDriver };

/** Installs the process's driver (once, at start). A second call replaces it and stops the first. */
export async function installDriver(driver: NotificationDriver) {
  const previous = globalForDriver.__lunaNotificationDriver;
  globalForDriver.__lunaNotificationDriver = driver;
  if (previous && previous !== driver) await previous.stop();
}

/** Removes the installed driver (tests). */
export async function uninstallDriver() {
  const previous = globalForDriver.__lunaNotificationDriver;
  globalForDriver.__lunaNotificationDriver = undefined;
  await previous?.stop();
}

/** The installed driver, or undefined before start (scripts, unit tests): then only the sweep finds new rows. */
export function installedDriver(): NotificationDriver | undefined {
  return globalForDriver.__lunaNotificationDriver;
}

/**
 * Hands a committed change to the driver: first the subjects whose old timers must stop, then the rows
 * it wrote. Best effort and never throws: the change is committed, the database is the truth, and the
 * every-minute sweep sends anything a lost hand-over missed.
 */
export async function handToDriver(handoff: { changedSubjects: readonly SubjectKey[]; scheduled: readonly ScheduledDelivery[] }) {
  const driver = installedDriver();
  if (!driver) return;
  for (const subject of handoff.changedSubjects) {
    try {
      await driver.subjectChanged(subject);
    } catch (error) {
      log.error(
        { event: "driver.subject_changed_failed", driver: driver.kind, subjectType: subject.subjectType, subjectId: subject.subjectId },
        `[scheduler] could not tell the driver a subject changed: ${errorMessage(error)}`,
      );
    }
  }
  if (handoff.scheduled.length === 0) return;
  try {
    await driver.deliveriesScheduled([...handoff.scheduled]);
  } catch (error) {
    log.error(
      { event: "driver.deliveries_scheduled_failed", driver: driver.kind, deliveries: handoff.scheduled.length },
      `[scheduler] could not notify the driver; the sweep will pick these up: ${errorMessage(error)}`,
    );
  }
}
