import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, doctorProfiles, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { doctorPhrase } from "./doctor-name";
import { getDoctorSchedule, listDoctorSettings, saveDoctorSettings } from "./doctors";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function setup() {
  const two = await createTwoClinics(database.db, "admin");
  const doctorA = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García", title: "dr" });
  const doctorB = await createStaff(database.db, { clinicId: two.clinicB.id, role: "doctor", name: "Dra. Ortega", title: "dra" });
  return { ...two, doctorA, doctorB };
}

const input = (doctorId: string) => ({
  doctorId,
  name: " Lucía García ",
  title: "dra",
  specialty: " Pediatría ",
  workingHours: [
    { weekday: 1, start: "16:00", end: "19:00" },
    { weekday: 1, start: "09:00", end: "14:00" },
    { weekday: 6, start: "09:00", end: "13:00" },
  ],
  timeOff: [{ from: "2026-12-24", to: "2026-12-26", reason: "Vacaciones" }],
});

describe("doctor settings", () => {
  it("lets an admin set their own clinic's doctor's name, title, specialty, hours and time off, audited by field name", async () => {
    const { clinicA, clinicB, ctxA, doctorA, doctorB } = await setup();
    expect(await saveDoctorSettings(database.db, ctxA, input(doctorA.id))).toEqual({
      ok: true,
      changed: ["name", "title", "specialty", "workingHours", "timeOff"],
    });
    const [listed] = await listDoctorSettings(database.db, { clinicId: clinicA.id });
    expect(listed).toEqual({
      id: doctorA.id,
      name: "Lucía García",
      title: "dra",
      specialty: "Pediatría",
      workingHours: [
        { weekday: 1, start: "09:00", end: "14:00" },
        { weekday: 1, start: "16:00", end: "19:00" },
        { weekday: 6, start: "09:00", end: "13:00" },
      ],
      timeOff: [{ from: "2026-12-24", to: "2026-12-26", reason: "Vacaciones" }],
    });
    // The messages read users.title through doctorPhrase: the new title reaches them.
    const [user] = await database.db.select().from(users).where(eq(users.id, doctorA.id));
    expect(doctorPhrase(user, "es")).toBe("la Dra. Lucía García");

    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, clinicA.id), eq(auditLog.action, "doctor.update")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: ctxA.userId, entityType: "user", entityId: doctorA.id });
    expect(JSON.stringify(audit[0].metadata)).not.toMatch(/Lucía|Pediatría|Vacaciones/);

    // The same again: nothing changes, nothing is recorded. Clinic B's doctor is untouched and not listed in A.
    expect(await saveDoctorSettings(database.db, ctxA, input(doctorA.id))).toEqual({ ok: true, changed: [] });
    expect((await listDoctorSettings(database.db, { clinicId: clinicA.id })).map((d) => d.id)).toEqual([doctorA.id]);
    expect((await listDoctorSettings(database.db, { clinicId: clinicB.id })).map((d) => d.id)).toEqual([doctorB.id]);
    expect(await getDoctorSchedule(database.db, { clinicId: clinicB.id, doctorId: doctorA.id })).toBeNull();

    // Clearing the hours and the title.
    expect(await saveDoctorSettings(database.db, ctxA, { ...input(doctorA.id), title: "", workingHours: [], timeOff: [] })).toEqual({
      ok: true,
      changed: ["title", "workingHours", "timeOff"],
    });
    expect(await getDoctorSchedule(database.db, { clinicId: clinicA.id, doctorId: doctorA.id })).toEqual({ workingHours: [], timeOff: [] });
  });

  it("refuses another clinic's doctor, bad hours and bad time off with a code, writing nothing", async () => {
    const { clinicA, clinicB, ctxA, doctorA, doctorB } = await setup();
    const before = await database.db.select().from(users).where(eq(users.id, doctorB.id));
    expect(await saveDoctorSettings(database.db, ctxA, input(doctorB.id))).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { doctorId: "doctorNotFound" },
    });
    expect(await database.db.select().from(users).where(eq(users.id, doctorB.id))).toEqual(before);
    // A staff member (not a doctor) of the clinic is not a doctor to edit.
    expect(await saveDoctorSettings(database.db, ctxA, input(ctxA.userId))).toMatchObject({ fieldErrors: { doctorId: "doctorNotFound" } });

    const overlap = await saveDoctorSettings(database.db, ctxA, {
      ...input(doctorA.id),
      workingHours: [
        { weekday: 2, start: "09:00", end: "14:00" },
        { weekday: 2, start: "13:00", end: "15:00" },
      ],
    });
    expect(overlap).toMatchObject({ ok: false, fieldErrors: { workingHours: "overlap" } });
    const backwards = await saveDoctorSettings(database.db, ctxA, {
      ...input(doctorA.id),
      workingHours: [{ weekday: 2, start: "14:00", end: "09:00" }],
    });
    expect(backwards).toMatchObject({ ok: false, fieldErrors: { workingHours: "endBeforeStart" } });
    const offBackwards = await saveDoctorSettings(database.db, ctxA, {
      ...input(doctorA.id),
      timeOff: [{ from: "2026-12-26", to: "2026-12-24", reason: null }],
    });
    expect(offBackwards).toMatchObject({ ok: false, fieldErrors: { timeOff: "endBeforeStart" } });
    expect(await saveDoctorSettings(database.db, ctxA, { ...input(doctorA.id), name: "  " })).toMatchObject({
      fieldErrors: { name: "required" },
    });
    expect(await saveDoctorSettings(database.db, ctxA, { ...input(doctorA.id), title: "prof" })).toMatchObject({
      fieldErrors: { title: "titleInvalid" },
    });

    expect(await database.db.select().from(doctorProfiles).where(eq(doctorProfiles.clinicId, clinicA.id))).toEqual([]);
    const [unchanged] = await database.db.select().from(users).where(eq(users.id, doctorA.id));
    expect(unchanged).toMatchObject({ name: "Dr. García", title: "dr" });
    for (const clinicId of [clinicA.id, clinicB.id]) {
      expect(
        await database.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.clinicId, clinicId), eq(auditLog.action, "doctor.update"))),
      ).toEqual([]);
    }
  });

  it("lets doctors and front desk read but not change", async () => {
    const { clinicA, doctorA } = await setup();
    const desk = await createStaff(database.db, { clinicId: clinicA.id, role: "staff" });
    const [doctorUser] = await database.db.select().from(users).where(eq(users.id, doctorA.id));
    for (const ctx of [staffContext(desk, clinicA), staffContext(doctorUser, clinicA)]) {
      expect(await saveDoctorSettings(database.db, ctx, input(doctorA.id))).toEqual({ ok: false, error: "forbidden" });
    }
    expect(await database.db.select().from(doctorProfiles).where(eq(doctorProfiles.userId, doctorA.id))).toEqual([]);
  });
});
