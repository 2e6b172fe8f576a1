import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, patients } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics, uniqueMxPhone } from "@/db/testing/factories";
import { savePatient } from "./save-patient";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const form = (overrides: Record<string, string> = {}) => ({
  firstName: "María",
  lastName: "Hernández Ruiz",
  phone: "55 1234 5678",
  email: "",
  preferredLocale: "es",
  ...overrides,
});

async function patientsOf(clinicId: string) {
  return database.db.select().from(patients).where(eq(patients.clinicId, clinicId));
}

describe("savePatient", () => {
  it("creates a patient with the phone in E.164 and records who did it", async () => {
    const { ctxA, clinicA } = await createTwoClinics(database.db);
    const result = await savePatient(database.db, ctxA, { input: form({ phone: "+52 1 55 1234 5678", email: " Maria@Example.COM " }) });
    expect(result.ok).toBe(true);
    const [saved] = await patientsOf(clinicA.id);
    expect(saved).toMatchObject({ phone: "+525512345678", email: "maria@example.com", preferredLocale: "es" });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id));
    expect(audit).toEqual([expect.objectContaining({ action: "patient.create", actorUserId: ctxA.userId, entityId: saved.id })]);
  });

  it.each(["55 1234 5678", "+52 1 55 1234 5678", "+5215512345678", "044 55 1234 5678"])("stores %j as +525512345678", async (phone) => {
    const { ctxA, clinicA } = await createTwoClinics(database.db);
    expect((await savePatient(database.db, ctxA, { input: form({ phone }) })).ok).toBe(true);
    expect((await patientsOf(clinicA.id)).map((p) => p.phone)).toEqual(["+525512345678"]);
  });

  it("rejects invalid input field by field and saves nothing", async () => {
    const { ctxA, clinicA } = await createTwoClinics(database.db);
    const result = await savePatient(database.db, ctxA, {
      input: form({ firstName: "  ", phone: "12345", email: "not-an-email", preferredLocale: "fr" }),
    });
    expect(result).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { firstName: "required", phone: "phoneInvalid", email: "emailInvalid", preferredLocale: "required" },
    });
    expect(await patientsOf(clinicA.id)).toEqual([]);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id))).toEqual([]);
  });

  it("saves a patient reached by email only (no phone), and two of them in one clinic", async () => {
    const { ctxA, clinicA } = await createTwoClinics(database.db);
    const first = await savePatient(database.db, ctxA, { input: form({ phone: "  ", email: "ines@example.com" }) });
    const second = await savePatient(database.db, ctxA, { input: form({ phone: "", email: "rosa@example.com" }) });
    expect([first.ok, second.ok]).toEqual([true, true]);
    const saved = await patientsOf(clinicA.id);
    expect(saved.map((p) => [p.phone, p.email]).sort()).toEqual([
      [null, "ines@example.com"],
      [null, "rosa@example.com"],
    ]);
  });

  it("refuses a patient with neither a phone nor an email, and writes nothing", async () => {
    const { ctxA, clinicA } = await createTwoClinics(database.db);
    const result = await savePatient(database.db, ctxA, { input: form({ phone: "", email: "" }) });
    expect(result).toEqual({ ok: false, error: "invalid", fieldErrors: { phone: "phoneOrEmail" } });
    expect(await patientsOf(clinicA.id)).toEqual([]);
    // Removing the phone of a patient who has no email is refused the same way.
    const patient = await createPatient(database.db, { clinicId: clinicA.id, email: null });
    const edit = await savePatient(database.db, ctxA, { patientId: patient.id, input: form({ phone: "" }) });
    expect(edit).toEqual({ ok: false, error: "invalid", fieldErrors: { phone: "phoneOrEmail" } });
    expect((await patientsOf(clinicA.id)).map((p) => p.phone)).toEqual([patient.phone]);
  });

  it("keeps a phone unique within a clinic, naming who has it, but not across clinics", async () => {
    const { ctxA, ctxB, clinicA } = await createTwoClinics(database.db);
    const phone = uniqueMxPhone();
    const holder = await createPatient(database.db, { clinicId: clinicA.id, phone, firstName: "Guadalupe" });
    const local = phone.replace("+52", "");
    const refused = await savePatient(database.db, ctxA, { input: form({ phone: local }) });
    expect(refused).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { phone: "phoneTaken" },
      phoneTakenBy: { patientId: holder.id, firstName: "Guadalupe", phoneLast4: phone.slice(-4) },
    });
    // The last four digits, never the whole number (the form shows "•••• 1234").
    expect(JSON.stringify(refused)).not.toContain(local);
    expect(await patientsOf(clinicA.id)).toHaveLength(1);
    // The other clinic's patient with the same number is none of clinic A's business, and vice versa.
    expect(await savePatient(database.db, ctxB, { input: form({ phone: local }) })).toEqual({ ok: true, patientId: expect.any(String) });
  });

  it("names the other patient when an edit takes their phone, and changes nothing", async () => {
    const { ctxA, clinicA } = await createTwoClinics(database.db);
    const holder = await createPatient(database.db, { clinicId: clinicA.id, firstName: "Ricardo" });
    const editing = await createPatient(database.db, { clinicId: clinicA.id });
    const result = await savePatient(database.db, ctxA, { patientId: editing.id, input: form({ phone: holder.phone }) });
    expect(result).toMatchObject({ ok: false, phoneTakenBy: { patientId: holder.id, firstName: "Ricardo" } });
    const [after] = await database.db.select().from(patients).where(eq(patients.id, editing.id));
    expect(after.phone).toBe(editing.phone);
  });

  it("updates a patient and audits the names of the changed fields, not their values", async () => {
    const { ctxA, clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const result = await savePatient(database.db, ctxA, {
      patientId: patient.id,
      input: form({ firstName: patient.firstName, lastName: patient.lastName, phone: patient.phone, preferredLocale: "en" }),
    });
    expect(result).toEqual({ ok: true, patientId: patient.id });
    const [updated] = await patientsOf(clinicA.id);
    expect(updated.preferredLocale).toBe("en");
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, clinicA.id), eq(auditLog.action, "patient.update")));
    expect(entry.metadata).toEqual({ fields: ["preferredLocale"] });
  });

  it("lets an edit keep the patient's own phone", async () => {
    const { ctxA, clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const result = await savePatient(database.db, ctxA, { patientId: patient.id, input: form({ phone: patient.phone }) });
    expect(result.ok).toBe(true);
  });

  it("stamps an opt-out by staff, keeps its first time on later saves, and clears it when unticked", async () => {
    const { ctxA, clinicA } = await createTwoClinics(database.db);
    const first = new Date("2026-11-01T15:00:00Z");
    const created = await savePatient(database.db, ctxA, { input: form({ optOutSms: "on" }), now: first });
    if (!created.ok) throw new Error("expected ok");
    let [p] = await patientsOf(clinicA.id);
    expect(p).toMatchObject({ smsOptedOutAt: first, smsOptOutSource: "staff", whatsappOptedOutAt: null, emailOptedOutAt: null });

    await savePatient(database.db, ctxA, {
      patientId: created.patientId,
      input: form({ optOutSms: "on", optOutEmail: "on" }),
      now: new Date("2026-11-02T15:00:00Z"),
    });
    [p] = await patientsOf(clinicA.id);
    expect(p.smsOptedOutAt).toEqual(first);
    expect(p.emailOptedOutAt).toEqual(new Date("2026-11-02T15:00:00Z"));

    await savePatient(database.db, ctxA, { patientId: created.patientId, input: form({ optOutEmail: "on" }) });
    [p] = await patientsOf(clinicA.id);
    expect(p).toMatchObject({ smsOptedOutAt: null, smsOptOutSource: null });
  });

  it("does not let staff of clinic B change clinic A's patient", async () => {
    const { ctxB, clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id, firstName: "Lucía" });
    const result = await savePatient(database.db, ctxB, {
      patientId: patient.id,
      input: form({ firstName: "Cambiado", phone: patient.phone }),
    });
    expect(result).toEqual({ ok: false, error: "notFound" });
    const [unchanged] = await patientsOf(clinicA.id);
    expect(unchanged).toEqual(patient);
  });

  it("answers not found for a malformed id", async () => {
    const { ctxA } = await createTwoClinics(database.db);
    expect(await savePatient(database.db, ctxA, { patientId: "../../etc", input: form() })).toEqual({ ok: false, error: "notFound" });
  });
});
