import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveries } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import type { Env } from "@/lib/env";
import { log } from "@/lib/log";
import { createMemoryProvider } from "../testing/memory-transport";
import type { ScheduledDelivery } from "../insert-deliveries";
import { handToDriver, installDriver, installedDriver, uninstallDriver } from "./current";
import { createEmbeddedDriver } from "./embedded";
import { selectDriver } from "./select";
import type { NotificationDriver, SubjectKey } from "./types";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await uninstallDriver();
  await database.close();
});
afterEach(async () => {
  await uninstallDriver();
});

/** A driver that writes down what it was told, in order. */
function recordingDriver(kind: NotificationDriver["kind"] = "embedded") {
  const calls: (["changed", SubjectKey] | ["scheduled", string[]] | ["stop"])[] = [];
  const driver: NotificationDriver = {
    kind,
    async deliveriesScheduled(scheduled) {
      calls.push(["scheduled", scheduled.map((d) => d.id)]);
    },
    async subjectChanged(subject) {
      calls.push(["changed", subject]);
    },
    async stop() {
      calls.push(["stop"]);
    },
  };
  return { driver, calls };
}

const scheduled = (id: string): ScheduledDelivery => ({
  id,
  subjectType: "secure_link",
  subjectId: id,
  appointmentId: null,
  notificationType: "lab_result_ready",
  channel: "sms",
  nextAttemptAt: new Date(),
});

describe("selectDriver", () => {
  const env = (over: Partial<Env>) => ({ NODE_ENV: "test", ...over }) as Env;

  it("builds only the embedded driver when Inngest is not configured", async () => {
    const embedded = recordingDriver("embedded").driver;
    const inngest = vi.fn(async () => recordingDriver("inngest").driver);
    expect(await selectDriver({ env: env({}), embedded: () => embedded, inngest })).toBe(embedded);
    expect(await selectDriver({ env: env({ INNGEST_DEV: "0" }), embedded: () => embedded, inngest })).toBe(embedded);
    expect(inngest).not.toHaveBeenCalled();
  });

  it("builds only the Inngest driver when its event key or INNGEST_DEV is set", async () => {
    const inngest = recordingDriver("inngest").driver;
    const embedded = vi.fn(() => recordingDriver("embedded").driver);
    expect(await selectDriver({ env: env({ INNGEST_EVENT_KEY: "k" }), embedded, inngest: async () => inngest })).toBe(inngest);
    expect(await selectDriver({ env: env({ INNGEST_DEV: "1" }), embedded, inngest: async () => inngest })).toBe(inngest);
    expect(embedded).not.toHaveBeenCalled();
  });
});

describe("handToDriver", () => {
  it("does nothing before a driver is installed (scripts, the seed): the sweep finds the rows", async () => {
    expect(installedDriver()).toBeUndefined();
    await expect(handToDriver({ changedSubjects: [], scheduled: [scheduled("d1")] })).resolves.toBeUndefined();
  });

  it("tells the installed driver the changed subjects first, then the new rows; nothing for an empty change", async () => {
    const { driver, calls } = recordingDriver();
    await installDriver(driver);
    await handToDriver({ changedSubjects: [], scheduled: [] });
    expect(calls).toEqual([]);
    await handToDriver({
      changedSubjects: [{ subjectType: "appointment", subjectId: "a1" }],
      scheduled: [scheduled("d1"), scheduled("d2")],
    });
    expect(calls).toEqual([
      ["changed", { subjectType: "appointment", subjectId: "a1" }],
      ["scheduled", ["d1", "d2"]],
    ]);
  });

  it("installing another driver stops the first; one per process", async () => {
    const first = recordingDriver();
    const second = recordingDriver();
    await installDriver(first.driver);
    await installDriver(second.driver);
    expect(first.calls).toEqual([["stop"]]);
    expect(installedDriver()).toBe(second.driver);
  });

  it("logs a failing driver with ids and never throws (the change is already committed)", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);
    await installDriver({
      kind: "inngest",
      deliveriesScheduled: async () => {
        throw new Error("fetch failed");
      },
      subjectChanged: async () => {
        throw new Error("fetch failed");
      },
      stop: async () => {},
    });
    await expect(
      handToDriver({ changedSubjects: [{ subjectType: "appointment", subjectId: "a1" }], scheduled: [scheduled("d1")] }),
    ).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledTimes(2);
    expect(logged.mock.calls.map(([fields]) => (fields as { event: string }).event)).toEqual([
      "driver.subject_changed_failed",
      "driver.deliveries_scheduled_failed",
    ]);
    logged.mockRestore();
  });
});

describe("the embedded driver", () => {
  it("sends a booking's confirmation when told about it, without waiting for its tick", async () => {
    const two = await createTwoClinics(database.db);
    const doctor = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor" });
    const patient = await createPatient(database.db, { clinicId: two.clinicA.id });
    const provider = createMemoryProvider();
    // A tick far away: only the hand-over can start a sweep within this test.
    const driver = createEmbeddedDriver({
      deps: async () => ({ db: database.db, transports: provider.transports }),
      intervalMs: 3_600_000,
      sweep: { scope: { clinicIds: [two.clinicA.id] } },
    });
    await installDriver(driver);
    const now = new Date();
    const startsAt = new Date(now.getTime() + 3 * 24 * 3_600_000).toISOString();
    const booked = await bookAppointment(database.db, two.ctxA, {
      input: { patientId: patient.id, doctorId: doctor.id, startsAt, durationMinutes: "30", kind: "in_person" },
      now,
    });
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    const confirmation = booked.scheduled.find((d) => d.notificationType === "booking_confirmation")!;
    expect(driver.kind).toBe("embedded");
    await driver.deliveriesScheduled(booked.scheduled);
    await vi.waitFor(
      async () => {
        const [row] = await database.db.select().from(deliveries).where(eq(deliveries.id, confirmation.id));
        expect(row.status).toBe("queued"); // accepted by the provider
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(provider.accepted.map((m) => m.deliveryId)).toContain(confirmation.id);
  });
});
