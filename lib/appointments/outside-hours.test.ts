import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, auditLog, deliveries } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { saveDoctorSettings } from "@/lib/staff/doctors";
import { bookAppointment, rescheduleAppointment } from "./change-appointment";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-10-26T16:00:00Z");

/** Clinic A (Mexico City) and clinic B (Tijuana, which changes its clocks on 1 November 2026), each with a doctor with hours. */
async function setup() {
  const two = await createTwoClinics(database.db, "admin");
  const doctorA = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dra. López", title: "dra" });
  const doctorB = await createStaff(database.db, { clinicId: two.clinicB.id, role: "doctor", name: "Dr. Ortega", title: "dr" });
  const patientA = await createPatient(database.db, { clinicId: two.clinicA.id });
  const patientB = await createPatient(database.db, { clinicId: two.clinicB.id });
  const hours = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: "09:00", end: "14:00" },
    { weekday, start: "16:00", end: "19:00" },
  ]);
  for (const [ctx, doctor] of [
    [two.ctxA, doctorA],
    [two.ctxB, doctorB],
  ] as const) {
    const saved = await saveDoctorSettings(database.db, ctx, {
      doctorId: doctor.id,
      name: doctor.name,
      title: doctor.title,
      specialty: "",
      workingHours: hours,
      timeOff: [{ from: "2026-11-04", to: "2026-11-04", reason: "Congreso" }],
    });
    expect(saved.ok).toBe(true);
  }
  return { ...two, doctorA, doctorB, patientA, patientB };
}

const book = (ctx: ReturnType<typeof staffContext>, patientId: string, doctorId: string, startsAt: string, extra = {}) =>
  bookAppointment(database.db, ctx, {
    input: { patientId, doctorId, startsAt, durationMinutes: "30", kind: "in_person", ...extra },
    now: NOW,
  });

describe("booking outside a doctor's working hours", () => {
  it("refuses an out-of-hours slot or time off without the confirmation, writing nothing; books it with the confirmation, audited", async () => {
    const s = await setup();
    for (const startsAt of ["2026-10-27T08:30", "2026-10-27T14:30", "2026-10-27T18:45", "2026-10-31T10:00", "2026-11-04T10:00"]) {
      expect(await book(s.ctxA, s.patientA.id, s.doctorA.id, startsAt), startsAt).toEqual({
        ok: false,
        error: "invalid",
        fieldErrors: { startsAt: "outsideHours" },
      });
    }
    expect(await database.db.select().from(appointments).where(eq(appointments.clinicId, s.clinicA.id))).toEqual([]);
    expect(await database.db.select().from(deliveries).where(eq(deliveries.clinicId, s.clinicA.id))).toEqual([]);

    const inside = await book(s.ctxA, s.patientA.id, s.doctorA.id, "2026-10-27T13:30");
    expect(inside.ok).toBe(true);
    const confirmed = await book(s.ctxA, s.patientA.id, s.doctorA.id, "2026-10-27T20:00", { confirmOutsideHours: "1" });
    if (!confirmed.ok) throw new Error(JSON.stringify(confirmed));
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, confirmed.appointmentId));
    expect(audit).toMatchObject([{ action: "appointment.book", metadata: { outsideHours: true } }]);
    if (!inside.ok) throw new Error("unreachable");
    const [insideAudit] = await database.db.select().from(auditLog).where(eq(auditLog.entityId, inside.appointmentId));
    expect(insideAudit.metadata).toBeNull();
  });

  it("a move outside the hours needs the same confirmation: refused without it (the visit stays), moved with it, audited", async () => {
    const s = await setup();
    const booked = await book(s.ctxA, s.patientA.id, s.doctorA.id, "2026-10-27T10:00");
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    const move = (startsAt: string, extra = {}) =>
      rescheduleAppointment(database.db, s.ctxA, { input: { appointmentId: booked.appointmentId, startsAt, ...extra }, now: NOW });
    // Saturday, and the doctor's day off.
    for (const startsAt of ["2026-10-31T10:00", "2026-11-04T10:00"]) {
      expect(await move(startsAt), startsAt).toEqual({ ok: false, error: "invalid", fieldErrors: { startsAt: "outsideHours" } });
    }
    const [unmoved] = await database.db.select().from(appointments).where(eq(appointments.id, booked.appointmentId));
    expect(unmoved).toMatchObject({ startsAt: new Date("2026-10-27T16:00:00Z"), version: 1 });
    expect((await move("2026-10-28T11:00")).ok).toBe(true);
    expect((await move("2026-10-31T10:00", { confirmOutsideHours: true })).ok).toBe(true);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, booked.appointmentId)).orderBy(auditLog.createdAt);
    expect(audit.filter((a) => a.action === "appointment.reschedule").map((a) => a.metadata)).toEqual([
      { version: 2 },
      { version: 3, outsideHours: true },
    ]);
  });

  it("reads the hours on the clinic's wall clock across Tijuana's DST change", async () => {
    const s = await setup();
    // 9:00 on the Friday before (UTC−7) and on the Monday after (UTC−8), as instants.
    expect((await book(s.ctxB, s.patientB.id, s.doctorB.id, "2026-10-30T16:00:00Z")).ok).toBe(true);
    expect((await book(s.ctxB, s.patientB.id, s.doctorB.id, "2026-11-02T17:00:00Z")).ok).toBe(true);
    // 16:00Z on that Monday is 8:00 in Tijuana.
    expect(await book(s.ctxB, s.patientB.id, s.doctorB.id, "2026-11-02T16:00:00Z")).toMatchObject({
      fieldErrors: { startsAt: "outsideHours" },
    });
    // Clinic A's doctor hours say nothing about clinic B's doctor, and a doctor without hours takes any time.
    const free = await createStaff(database.db, { clinicId: s.clinicB.id, role: "doctor", name: "Dra. Libre" });
    expect((await book(s.ctxB, s.patientB.id, free.id, "2026-11-01T23:00")).ok).toBe(true);
  });
});
