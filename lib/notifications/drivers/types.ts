import type { DeliverySubjectType } from "@/db/schema/enums";
import type { ScheduledDelivery } from "../insert-deliveries";

export type DriverKind = "embedded" | "inngest";

/** What a delivery is about, as the driver needs it: enough to stop the timers of its older messages. */
export interface SubjectKey {
  subjectType: DeliverySubjectType;
  subjectId: string;
}

/**
 * The one thing that wakes the engine. The database row is the truth and both drivers call the same
 * engine (`dispatchDelivery` / `runSweep`); a driver only decides *when*. Chosen once per process at
 * start (`lib/startup.ts`, from `activeParts(env).scheduler`), installed with `installDriver`, and told
 * about committed changes by `afterCommit` (lib/events). Calls are best effort: a lost one is caught by
 * the sweep.
 *
 * Implementations: `drivers/embedded.ts` (an in-process sweep loop) and `inngest/driver.ts` (durable
 * timers in Inngest; the Inngest client never leaves `inngest/`).
 */
export interface NotificationDriver {
  readonly kind: DriverKind;
  /** Deliveries a committed transaction wrote (new messages, retries, fallbacks). */
  deliveriesScheduled(scheduled: ScheduledDelivery[]): Promise<void>;
  /**
   * A subject changed in a way that makes its pending messages stale (an appointment moved or was
   * cancelled). Told before the same change's `deliveriesScheduled`, so the new timers are not cancelled.
   */
  subjectChanged(subject: SubjectKey): Promise<void>;
  /** Stops timers this process owns (tests, shutdown). */
  stop(): Promise<void>;
}
