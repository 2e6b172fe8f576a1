import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { appointments, type Delivery } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, insertTestDelivery } from "@/db/testing/factories";
import { HAND_OVER_WINDOW_MS, SLEEP_HORIZON_MS, isWithinSleepHorizon, listDeliveriesEnteringSleepHorizon } from "./queries";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/**
 * The query reads every clinic's rows: each test uses its own `now`, years apart from the others and
 * from other test files' rows (CI runs them all on one PostgreSQL), so the results are exactly its own.
 */
async function twoClinicsWithPatients() {
  const { clinicA, clinicB } = await createTwoClinics(database.db);
  const patientA = await createPatient(database.db, { clinicId: clinicA.id });
  const patientB = await createPatient(database.db, { clinicId: clinicB.id, preferredLocale: "en" });
  return { clinicA, clinicB, patientA, patientB };
}

async function insertDelivery(params: {
  clinicId: string;
  patientId: string;
  appointmentId?: string | null;
  createdAt: Date;
  dueAt: Date;
  status?: Delivery["status"];
}): Promise<Delivery> {
  return insertTestDelivery(database.db, {
    clinicId: params.clinicId,
    patientId: params.patientId,
    appointmentId: params.appointmentId ?? null,
    appointmentVersion: params.appointmentId ? 1 : null,
    notificationType: "reminder",
    channel: "whatsapp",
    sendAt: params.dueAt,
    status: params.status ?? "scheduled",
    createdAt: params.createdAt,
    updatedAt: params.createdAt,
  });
}

describe("listDeliveriesEnteringSleepHorizon", () => {
  it("returns, from every clinic, the pending deliveries planned beyond the horizon that now come within it", async () => {
    const now = new Date("2040-03-01T09:00:00Z"); // 03:00 in Mexico City, when the daily run fires
    const { clinicA, clinicB, patientA, patientB } = await twoClinicsWithPatients();
    const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    const dueA = new Date(now.getTime() + 6 * DAY + 12 * HOUR);
    const [appointment] = await database.db
      .insert(appointments)
      .values({
        clinicId: clinicA.id,
        patientId: patientA.id,
        doctorId: doctor.id,
        startsAt: new Date(dueA.getTime() + DAY),
        endsAt: new Date(dueA.getTime() + DAY + 30 * 60_000),
      })
      .returning();
    const bookedLongAgo = new Date(now.getTime() - 40 * DAY);

    const reminderA = await insertDelivery({
      clinicId: clinicA.id,
      patientId: patientA.id,
      appointmentId: appointment.id,
      createdAt: bookedLongAgo,
      dueAt: dueA,
    });
    const reminderB = await insertDelivery({
      clinicId: clinicB.id,
      patientId: patientB.id,
      createdAt: bookedLongAgo,
      dueAt: new Date(now.getTime() + 6 * DAY + 2 * HOUR),
    });
    // Not this run's: due beyond the horizon (tomorrow's run), or before the window (yesterday's run).
    await insertDelivery({
      clinicId: clinicA.id,
      patientId: patientA.id,
      createdAt: bookedLongAgo,
      dueAt: new Date(now.getTime() + 7 * DAY + 60_000),
    });
    await insertDelivery({
      clinicId: clinicB.id,
      patientId: patientB.id,
      createdAt: bookedLongAgo,
      dueAt: new Date(now.getTime() + 6 * DAY - 2 * HOUR),
    });
    // Not pending any more.
    for (const status of ["cancelled", "sending", "sent", "skipped"] as const) {
      await insertDelivery({ clinicId: clinicA.id, patientId: patientA.id, createdAt: bookedLongAgo, dueAt: dueA, status });
    }
    // Written within the horizon: its writer already sent the event (6.5 days between writing and due).
    await insertDelivery({
      clinicId: clinicB.id,
      patientId: patientB.id,
      createdAt: new Date(now.getTime() - 12 * HOUR),
      dueAt: new Date(now.getTime() + 6 * DAY),
    });

    const rows = await listDeliveriesEnteringSleepHorizon(database.db, { now });
    expect(rows).toEqual([
      {
        id: reminderB.id,
        subjectType: "patient",
        subjectId: patientB.id,
        appointmentId: null,
        channel: "whatsapp",
        nextAttemptAt: reminderB.nextAttemptAt,
      },
      {
        id: reminderA.id,
        subjectType: "appointment",
        subjectId: appointment.id,
        appointmentId: appointment.id,
        channel: "whatsapp",
        nextAttemptAt: dueA,
      },
    ]);
  });

  it("has the window's edges where the horizon and the daily runs put them", async () => {
    const now = new Date("2042-07-15T09:00:00Z");
    const { clinicA, patientA } = await twoClinicsWithPatients();
    const at = (ms: number) => new Date(now.getTime() + ms);
    const longAgo = new Date(now.getTime() - 90 * DAY);
    const insert = (dueAt: Date, createdAt = longAgo) => insertDelivery({ clinicId: clinicA.id, patientId: patientA.id, createdAt, dueAt });

    const atHorizon = await insert(at(SLEEP_HORIZON_MS)); // a timer started now can just sleep this long
    await insert(at(SLEEP_HORIZON_MS + 1)); // one ms too far
    const justInside = await insert(at(SLEEP_HORIZON_MS - HAND_OVER_WINDOW_MS + 1));
    await insert(at(SLEEP_HORIZON_MS - HAND_OVER_WINDOW_MS)); // yesterday's run covered it
    // Written exactly a horizon before it is due: the writer's event reached it.
    await insert(at(6 * DAY + 12 * HOUR), at(6 * DAY + 12 * HOUR - SLEEP_HORIZON_MS));
    // Written a millisecond earlier than that: no event then, so it is handed over now.
    const plannedBeyond = await insert(at(6 * DAY + 13 * HOUR), at(6 * DAY + 13 * HOUR - SLEEP_HORIZON_MS - 1));

    const ids = (await listDeliveriesEnteringSleepHorizon(database.db, { now })).map((d) => d.id);
    expect(ids).toEqual([justInside.id, plannedBeyond.id, atHorizon.id]);
  });

  it("consecutive daily runs hand every delivery over, and a delivery twice at most", async () => {
    const firstRun = new Date("2044-01-10T09:00:00Z");
    const { clinicA, clinicB, patientA, patientB } = await twoClinicsWithPatients();
    const longAgo = new Date(firstRun.getTime() - 120 * DAY);
    const planned: string[] = [];
    // One delivery every 20 minutes over the three days the next three runs look at.
    for (let dueMs = 6 * DAY - HOUR + 20 * 60_000; dueMs <= 9 * DAY; dueMs += 20 * 60_000) {
      const [clinicId, patientId] = planned.length % 2 ? [clinicB.id, patientB.id] : [clinicA.id, patientA.id];
      planned.push((await insertDelivery({ clinicId, patientId, createdAt: longAgo, dueAt: new Date(firstRun.getTime() + dueMs) })).id);
    }
    const handedOver = new Map<string, number>();
    for (let day = 0; day < 3; day++) {
      const now = new Date(firstRun.getTime() + day * DAY + (day === 1 ? 90_000 : 0)); // the second run starts late
      for (const { id } of await listDeliveriesEnteringSleepHorizon(database.db, { now }))
        handedOver.set(id, (handedOver.get(id) ?? 0) + 1);
    }
    expect([...handedOver.keys()].sort()).toEqual([...planned].sort());
    expect(Math.max(...handedOver.values())).toBeLessThanOrEqual(2);
  });

  it("returns at most `limit` rows, the soonest first", async () => {
    const now = new Date("2046-05-20T09:00:00Z");
    const { clinicA, patientA } = await twoClinicsWithPatients();
    const longAgo = new Date(now.getTime() - 30 * DAY);
    const later = await insertDelivery({
      clinicId: clinicA.id,
      patientId: patientA.id,
      createdAt: longAgo,
      dueAt: new Date(now.getTime() + 6 * DAY + 5 * HOUR),
    });
    const sooner = await insertDelivery({
      clinicId: clinicA.id,
      patientId: patientA.id,
      createdAt: longAgo,
      dueAt: new Date(now.getTime() + 6 * DAY + 1 * HOUR),
    });
    expect((await listDeliveriesEnteringSleepHorizon(database.db, { now, limit: 1 })).map((d) => d.id)).toEqual([sooner.id]);
    expect((await listDeliveriesEnteringSleepHorizon(database.db, { now })).map((d) => d.id)).toEqual([sooner.id, later.id]);
  });
});

describe("isWithinSleepHorizon", () => {
  it("is true up to exactly 7 days ahead, and for times already past", () => {
    const now = new Date("2026-11-25T16:00:00Z");
    expect(isWithinSleepHorizon(new Date(now.getTime() - DAY), now)).toBe(true);
    expect(isWithinSleepHorizon(now, now)).toBe(true);
    expect(isWithinSleepHorizon(new Date(now.getTime() + 7 * DAY), now)).toBe(true);
    expect(isWithinSleepHorizon(new Date(now.getTime() + 7 * DAY + 1), now)).toBe(false);
  });
});
