import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, auditLog, deliveries } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { bookAppointment, cancelAppointmentAs, rescheduleAppointment } from "@/lib/appointments/change-appointment";
import { createCareInstructions } from "@/lib/care-instructions/create-care-instructions";
import { resetEnvCache } from "@/lib/env";
import { installDriver, uninstallDriver } from "@/lib/notifications/drivers/current";
import type { NotificationDriver, SubjectKey } from "@/lib/notifications/drivers/types";
import { addListener, runChange } from "./run-change";

let database: Database;
beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://luna.example.mx";
  resetEnvCache();
  database = await openTestDatabase();
});
afterAll(async () => {
  delete process.env.PUBLIC_BASE_URL;
  resetEnvCache();
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z"); // 10:00 in Mexico City
const removers: (() => void)[] = [];
afterEach(async () => {
  for (const remove of removers.splice(0)) remove();
  await uninstallDriver();
});

/**
 * A driver that writes down what it was told and, at that moment, what the database shows of the rows from
 * outside the change (on PostgreSQL another pooled connection: rows it can see are committed).
 */
function recordingDriver() {
  const told: (["changed", SubjectKey] | ["scheduled", { id: string; visibleStatus: string | undefined }[]])[] = [];
  const driver: NotificationDriver = {
    kind: "embedded",
    async deliveriesScheduled(scheduled) {
      const ids = scheduled.map((d) => d.id);
      const rows = await database.db
        .select({ id: deliveries.id, status: deliveries.status })
        .from(deliveries)
        .where(inArray(deliveries.id, ids));
      told.push(["scheduled", ids.map((id) => ({ id, visibleStatus: rows.find((r) => r.id === id)?.status }))]);
    },
    async subjectChanged(subject) {
      told.push(["changed", subject]);
    },
    async stop() {},
  };
  return { driver, told };
}

async function setup() {
  const two = await createTwoClinics(database.db);
  const doctor = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(database.db, { clinicId: two.clinicA.id });
  const patientB = await createPatient(database.db, { clinicId: two.clinicB.id });
  const input = { patientId: patient.id, doctorId: doctor.id, startsAt: "2026-11-28T10:00", durationMinutes: "30", kind: "in_person" };
  return { ...two, doctor, patient, patientB, input };
}

describe("domain events", () => {
  it("run listeners inside the change's transaction: a listener sees the new row, and one that fails rolls it all back", async () => {
    const s = await setup();
    const { driver, told } = recordingDriver();
    await installDriver(driver);
    const seen: string[] = [];
    removers.push(
      addListener("appointment.booked", async (tx, event) => {
        const [row] = await tx.select({ id: appointments.id }).from(appointments).where(eq(appointments.id, event.appointment.id));
        seen.push(row?.id ?? "missing");
      }),
    );
    const ok = await bookAppointment(database.db, s.ctxA, { input: s.input, now: NOW });
    if (!ok.ok) throw new Error(JSON.stringify(ok));
    expect(seen).toEqual([ok.appointmentId]);
    told.splice(0);

    removers.push(
      addListener("appointment.booked", async () => {
        throw new Error("listener failed");
      }),
    );
    const later = { ...s.input, startsAt: "2026-11-29T10:00" };
    await expect(bookAppointment(database.db, s.ctxA, { input: later, now: NOW })).rejects.toThrow("listener failed");
    // Nothing of the failed booking stays: no visit, no message the first listener planned, no audit entry.
    const visits = await database.db.select().from(appointments).where(eq(appointments.patientId, s.patient.id));
    expect(visits.map((v) => v.id)).toEqual([ok.appointmentId]);
    const rows = await database.db.select().from(deliveries).where(eq(deliveries.patientId, s.patient.id));
    expect(rows.every((d) => d.appointmentId === ok.appointmentId)).toBe(true);
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, s.clinicA.id), eq(auditLog.action, "appointment.book")));
    expect(audits).toHaveLength(1);
    expect(told).toEqual([]);
    // The other clinic is untouched throughout.
    expect(await database.db.select().from(deliveries).where(eq(deliveries.patientId, s.patientB.id))).toEqual([]);
  });

  it("hand the planned deliveries to the driver once, after commit (the rows are visible from outside by then)", async () => {
    const s = await setup();
    const { driver, told } = recordingDriver();
    await installDriver(driver);
    const booked = await bookAppointment(database.db, s.ctxA, { input: s.input, now: NOW });
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    expect(booked.scheduled.map((d) => d.notificationType).sort()).toEqual(["booking_confirmation", "reminder"]);
    expect(told).toEqual([["scheduled", booked.scheduled.map((d) => ({ id: d.id, visibleStatus: "scheduled" }))]]);
  });

  it("tell the driver a moved visit changed before its new messages, and what the old version had pending is cancelled", async () => {
    const s = await setup();
    const booked = await bookAppointment(database.db, s.ctxA, { input: s.input, now: NOW });
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    const { driver, told } = recordingDriver();
    await installDriver(driver);
    const moved = await rescheduleAppointment(database.db, s.ctxA, {
      input: { appointmentId: booked.appointmentId, startsAt: "2026-11-30T10:00" },
      now: NOW,
    });
    if (!moved.ok) throw new Error(JSON.stringify(moved));
    expect(told.map(([kind]) => kind)).toEqual(["changed", "scheduled"]);
    expect(told[0]).toEqual(["changed", { subjectType: "appointment", subjectId: booked.appointmentId }]);
    const old = await database.db
      .select()
      .from(deliveries)
      .where(
        inArray(
          deliveries.id,
          booked.scheduled.map((d) => d.id),
        ),
      );
    expect(old.map((d) => [d.status, d.errorCode])).toEqual(old.map(() => ["cancelled", "appointment_changed"]));
  });

  it("join a nested change to the outer one: handed over only when the outer commits, and rolled back with it", async () => {
    const s = await setup();
    const booked = await bookAppointment(database.db, s.ctxA, { input: s.input, now: NOW });
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    const { driver, told } = recordingDriver();
    await installDriver(driver);
    const actor = { kind: "patient" as const, patientId: s.patient.id };

    // The outer change fails after the cancel succeeded inside it: the cancel is undone, nothing handed over.
    await expect(
      runChange(database.db, async (tx) => {
        const cancelled = await cancelAppointmentAs(tx, { clinicId: s.clinicA.id, appointmentId: booked.appointmentId, actor, now: NOW });
        expect(cancelled.ok).toBe(true);
        expect(told).toEqual([]);
        throw new Error("outer failed");
      }),
    ).rejects.toThrow("outer failed");
    const [still] = await database.db.select().from(appointments).where(eq(appointments.id, booked.appointmentId));
    expect(still.status).toBe("scheduled");
    expect(told).toEqual([]);

    // The same, committed: one hand-over after the outer commit, with the cancelled visit and its notice.
    const outcome = await runChange(database.db, async (tx) => {
      const cancelled = await cancelAppointmentAs(tx, { clinicId: s.clinicA.id, appointmentId: booked.appointmentId, actor, now: NOW });
      expect(told).toEqual([]);
      return cancelled;
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.scheduled.map((d) => d.notificationType)).toEqual(["cancellation"]);
    expect(told).toEqual([
      ["changed", { subjectType: "appointment", subjectId: booked.appointmentId }],
      ["scheduled", outcome.scheduled.map((d) => ({ id: d.id, visibleStatus: "scheduled" }))],
    ]);
  });

  it("refuse to run inside a transaction they did not open (its commit would come after the hand-over)", async () => {
    const s = await setup();
    await expect(database.db.transaction(async (tx) => bookAppointment(tx, s.ctxA, { input: s.input, now: NOW }))).rejects.toThrow(
      /did not open/,
    );
    expect(await database.db.select().from(appointments).where(eq(appointments.patientId, s.patient.id))).toEqual([]);
  });

  it("plan a shared link's message by its listener and hand it over after commit", async () => {
    const s = await setup();
    const { driver, told } = recordingDriver();
    await installDriver(driver);
    const doctorCtx = staffContext(s.doctor, s.clinicA);
    const result = await createCareInstructions(database.db, doctorCtx, { input: { patientId: s.patient.id, body: "Reposo." }, now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.scheduled.map((d) => d.notificationType)).toEqual(["care_instructions_ready"]);
    expect(told).toEqual([["scheduled", [{ id: result.scheduled[0].id, visibleStatus: "scheduled" }]]]);
  });
});
