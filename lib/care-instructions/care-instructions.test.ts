import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, careInstructions, deliveries, secureLinks } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { resetEnvCache } from "@/lib/env";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { createCareInstructions } from "./create-care-instructions";
import { getLinkedCareInstructions, listCareInstructions } from "./queries";

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

const NOW = new Date("2026-11-25T16:00:00Z");
const BODY = "Reposo relativo tres días.\nAplicar compresas frías en la rodilla.";

async function setup() {
  const two = await createTwoClinics(database.db);
  const doctor = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
  const doctorCtx = staffContext(doctor, two.clinicA);
  const patient = await createPatient(database.db, { clinicId: two.clinicA.id });
  return { ...two, doctor, doctorCtx, patient };
}

describe("createCareInstructions", () => {
  it("saves the instructions for the visit, shares a care_plan link and plans a message with the doctor and the link only", async () => {
    const { doctorCtx, doctor, patient, ctxA } = await setup();
    const booked = await bookAppointment(database.db, ctxA, {
      input: { patientId: patient.id, doctorId: doctor.id, startsAt: "2026-11-26T16:00:00Z", durationMinutes: 30, kind: "in_person" },
      now: NOW,
    });
    if (!booked.ok) throw new Error("booking failed");
    const after = new Date("2026-11-26T17:00:00Z");
    const result = await createCareInstructions(database.db, doctorCtx, {
      input: { patientId: patient.id, appointmentId: booked.appointmentId, body: `  ${BODY}  ` },
      now: after,
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const [link] = await database.db.select().from(secureLinks).where(eq(secureLinks.id, result.linkId));
    expect(link).toMatchObject({ purpose: "care_plan", targetId: result.careInstructionsId });
    const shown = await getLinkedCareInstructions(database.db, {
      clinicId: link.clinicId,
      patientId: patient.id,
      careInstructionsId: link.targetId,
    });
    expect(shown).toEqual({ body: BODY, doctorName: "Dr. García", visitStartsAt: new Date("2026-11-26T16:00:00Z") });
    const [delivery] = await database.db.select().from(deliveries).where(eq(deliveries.id, result.scheduled[0].id));
    expect(delivery).toMatchObject({ notificationType: "care_instructions_ready", templateKey: "care_instructions_ready.es" });
    expect(delivery.payload.doctorName).toBe("Dr. García");
    expect(JSON.stringify({ payload: delivery.payload, variables: delivery.variables })).not.toMatch(/rodilla|reposo/i);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, result.careInstructionsId));
    expect(audit.map((a) => a.action)).toEqual(["care_instructions.create"]);
  });

  it("refuses empty or too long instructions and a visit of another patient, saving nothing", async () => {
    const { doctorCtx, patient } = await setup();
    expect(await createCareInstructions(database.db, doctorCtx, { input: { patientId: patient.id, body: "   " }, now: NOW })).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { body: "required" },
    });
    expect(
      await createCareInstructions(database.db, doctorCtx, { input: { patientId: patient.id, body: "x".repeat(5001) }, now: NOW }),
    ).toMatchObject({
      fieldErrors: { body: "tooLong" },
    });
    expect(
      await createCareInstructions(database.db, doctorCtx, {
        input: { patientId: patient.id, body: BODY, appointmentId: "00000000-0000-4000-8000-000000000000" },
        now: NOW,
      }),
    ).toEqual({ ok: false, error: "invalid", fieldErrors: { appointmentId: "notFound" } });
    expect(await database.db.select().from(careInstructions).where(eq(careInstructions.patientId, patient.id))).toEqual([]);
  });

  it("is for doctors and admins, and within their clinic only", async () => {
    const { ctxA, ctxB, patient, doctorCtx } = await setup();
    expect(await createCareInstructions(database.db, ctxA, { input: { patientId: patient.id, body: BODY }, now: NOW })).toEqual({
      ok: false,
      error: "forbidden",
    });
    const adminB = await createStaff(database.db, { clinicId: ctxB.clinicId, role: "admin" });
    const ctxAdminB = { ...ctxB, userId: adminB.id, role: "admin" as const };
    expect(await createCareInstructions(database.db, ctxAdminB, { input: { patientId: patient.id, body: BODY }, now: NOW })).toEqual({
      ok: false,
      error: "notFound",
    });
    await createCareInstructions(database.db, doctorCtx, { input: { patientId: patient.id, body: BODY }, now: NOW });
    expect(await listCareInstructions(database.db, { clinicId: ctxB.clinicId, patientId: patient.id })).toEqual([]);
    expect(await listCareInstructions(database.db, { clinicId: ctxA.clinicId, patientId: patient.id })).toHaveLength(1);
  });
});
