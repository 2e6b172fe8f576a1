import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, clinics, deliveries, formRequests, secureLinks } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { resetEnvCache } from "@/lib/env";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { revokeSecureLink } from "@/lib/links/secure-links";
import { renderMessage } from "@/lib/notifications/render-message";
import { listFormRequests, viewFormAnswers } from "./queries";
import { sendIntakeForm, setIntakeFormOnFirstVisit } from "./send-intake-form";
import { getFormForPatient, markFormOpened, submitIntakeFormWithToken } from "./submit-intake-answers";
import esMessages from "@/messages/es/forms.json";
import enMessages from "@/messages/en/forms.json";

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
const DAY = 24 * 60 * 60 * 1000;
const GOOD = {
  dateOfBirth: "1984-02-11",
  allergies: "Penicilina",
  medications: "",
  conditions: "Asma",
  emergencyContactName: "José Pérez",
  emergencyContactPhone: "55 1234 5678",
  consent: "on",
};

/** Sends the form as staff of clinic A and returns the token from the planned message (the only place it exists). */
async function sendForm() {
  const two = await createTwoClinics(database.db);
  const patient = await createPatient(database.db, { clinicId: two.clinicA.id, firstName: "María", lastName: "Hernández" });
  const sent = await sendIntakeForm(database.db, two.ctxA, { patientId: patient.id, now: NOW });
  if (!sent.ok) throw new Error(sent.error);
  const [delivery] = await database.db.select().from(deliveries).where(eq(deliveries.id, sent.scheduled[0].id));
  const token = delivery.payload.linkUrl!.split("/l/")[1];
  return { ...two, patient, sent, delivery, token };
}

describe("sending the intake form", () => {
  it("creates the request (sent), a 7-day form link and one intake_form message carrying it; audited", async () => {
    const { sent, delivery, token, clinicA, staffA, patient } = await sendForm();
    const [request] = await database.db.select().from(formRequests).where(eq(formRequests.id, sent.formRequestId));
    expect(request).toMatchObject({ status: "sent", trigger: "staff", sentById: staffA.id, clinicId: clinicA.id, answers: null });
    const [link] = await database.db.select().from(secureLinks).where(eq(secureLinks.targetId, sent.formRequestId));
    expect(link.purpose).toBe("form");
    expect(link.expiresAt.getTime() - NOW.getTime()).toBe(7 * DAY);
    expect(delivery).toMatchObject({
      notificationType: "intake_form",
      channel: "whatsapp",
      patientId: patient.id,
      templateKey: "intake_form.es",
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, clinicA.id), eq(auditLog.action, "form_request.send")));
    expect(audit).toHaveLength(1);
  });

  it("says only that the clinic asks for a form, with the link and its 7 days", async () => {
    const { delivery } = await sendForm();
    const message = await renderMessage({
      type: "intake_form",
      variant: "in_person",
      locale: "es",
      withEmail: false,
      vars: {
        firstName: "María",
        doctorName: "-",
        clinicName: "Clínica Luna",
        startsAt: NOW,
        timeZone: "America/Mexico_City",
        now: NOW,
        linkUrl: delivery.payload.linkUrl,
        linkDays: 7,
      },
    });
    expect(message.text).toBe(
      `Hola María, en Clínica Luna te pedimos llenar un breve formulario. Llénalo aquí: ${delivery.payload.linkUrl}. El enlace vence en 7 días.`,
    );
  });

  it("refuses another clinic's patient, writing nothing", async () => {
    const two = await createTwoClinics(database.db);
    const patientB = await createPatient(database.db, { clinicId: two.clinicB.id });
    expect(await sendIntakeForm(database.db, two.ctxA, { patientId: patientB.id, now: NOW })).toEqual({ ok: false, error: "notFound" });
    expect(await database.db.select().from(formRequests).where(eq(formRequests.patientId, patientB.id))).toEqual([]);
  });
});

describe("the patient fills in the form through the link", () => {
  it("refuses bad input with a code per field, saving nothing; every code has Spanish and English text", async () => {
    const { token, sent } = await sendForm();
    const result = await submitIntakeFormWithToken(database.db, {
      token,
      now: new Date(NOW.getTime() + DAY),
      input: {
        dateOfBirth: "2031-01-01",
        allergies: "x".repeat(2001),
        emergencyContactName: " ",
        emergencyContactPhone: "123",
        consent: "",
      },
    });
    expect(result).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: {
        dateOfBirth: "dateInFuture",
        allergies: "tooLong",
        emergencyContactName: "required",
        emergencyContactPhone: "phoneInvalid",
        consent: "consentRequired",
      },
    });
    for (const code of Object.values(result.ok ? {} : "fieldErrors" in result ? result.fieldErrors : {})) {
      expect(esMessages.intakeForm.errors[code as keyof typeof esMessages.intakeForm.errors]).toBeTruthy();
      expect(enMessages.intakeForm.errors[code as keyof typeof enMessages.intakeForm.errors]).toBeTruthy();
    }
    expect(esMessages.intakeForm.errors.consentRequired).toBe("Para enviar el formulario necesitamos tu autorización.");
    const [request] = await database.db.select().from(formRequests).where(eq(formRequests.id, sent.formRequestId));
    expect(request).toMatchObject({ status: "sent", answers: null, submittedAt: null });
    expect(await submitIntakeFormWithToken(database.db, { token, now: NOW, input: { ...GOOD, dateOfBirth: "1984-02-30" } })).toMatchObject({
      fieldErrors: { dateOfBirth: "dateInvalid" },
    });
  });

  it("judges 'in the future' on the clinic's clock: at 19:20 in Mexico City tomorrow's date is refused (UTC is already there)", async () => {
    const { token, clinicA, sent } = await sendForm();
    expect(clinicA.timezone).toBe("America/Mexico_City");
    // 2026-11-27T01:20Z is 19:20 on 26 November in Mexico City: the clinic's tomorrow is UTC's today.
    const evening = new Date("2026-11-27T01:20:00Z");
    expect(await submitIntakeFormWithToken(database.db, { token, now: evening, input: { ...GOOD, dateOfBirth: "2026-11-27" } })).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { dateOfBirth: "dateInFuture" },
    });
    const [request] = await database.db.select().from(formRequests).where(eq(formRequests.id, sent.formRequestId));
    expect(request.answers).toBeNull();
    // The clinic's today is still a possible date of birth (a newborn's first visit).
    expect(await submitIntakeFormWithToken(database.db, { token, now: evening, input: { ...GOOD, dateOfBirth: "2026-11-26" } })).toEqual({
      ok: true,
      firstSubmission: true,
    });
  });

  it("saves the answers (completed, with the time), and within the 7 days the patient reopens and changes them", async () => {
    const { token, sent, clinicA, patient } = await sendForm();
    const opened = new Date(NOW.getTime() + 60_000);
    await markFormOpened(database.db, { clinicId: clinicA.id, formRequestId: sent.formRequestId, now: opened });
    expect((await listFormRequests(database.db, { clinicId: clinicA.id, patientId: patient.id }))[0]).toMatchObject({
      status: "opened",
      openedAt: opened,
    });

    const first = new Date(NOW.getTime() + 2 * 60_000);
    expect(await submitIntakeFormWithToken(database.db, { token, input: GOOD, now: first })).toEqual({ ok: true, firstSubmission: true });
    const saved = await getFormForPatient(database.db, { clinicId: clinicA.id, patientId: patient.id, formRequestId: sent.formRequestId });
    expect(saved).toMatchObject({ status: "completed", submittedAt: first });
    expect(saved!.answers).toEqual({ ...GOOD, emergencyContactPhone: "+525512345678", consent: true });

    // Six days later, still valid: the patient corrects an answer.
    const later = new Date(NOW.getTime() + 6 * DAY);
    expect(
      await submitIntakeFormWithToken(database.db, { token, input: { ...GOOD, allergies: "Penicilina y nueces" }, now: later }),
    ).toEqual({
      ok: true,
      firstSubmission: false,
    });
    const [row] = await database.db.select().from(formRequests).where(eq(formRequests.id, sent.formRequestId));
    expect(row).toMatchObject({ status: "completed", submittedAt: first, answersUpdatedAt: later });
    expect(row.answers!.allergies).toBe("Penicilina y nueces");
    // Opening again does not move a completed form back to "opened".
    await markFormOpened(database.db, { clinicId: clinicA.id, formRequestId: sent.formRequestId, now: later });
    expect((await database.db.select().from(formRequests).where(eq(formRequests.id, sent.formRequestId)))[0].status).toBe("completed");

    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entityId, sent.formRequestId));
    const update = audits.find((a) => a.action === "form_request.update")!;
    expect(update.metadata).toEqual({ by: "patient", fields: ["allergies"] });
    expect(JSON.stringify(audits)).not.toContain("Penicilina");
  });

  it("refuses a submit at the 7-day boundary and after a revoke, keeping the saved answers", async () => {
    const { token, sent, ctxA } = await sendForm();
    await submitIntakeFormWithToken(database.db, { token, input: GOOD, now: NOW });
    expect(
      await submitIntakeFormWithToken(database.db, {
        token,
        input: { ...GOOD, allergies: "Ninguna" },
        now: new Date(NOW.getTime() + 7 * DAY),
      }),
    ).toEqual({
      ok: false,
      error: "expired",
    });
    expect(
      await submitIntakeFormWithToken(database.db, {
        token,
        input: { ...GOOD, allergies: "Ninguna" },
        now: new Date(NOW.getTime() + 7 * DAY - 1),
      }),
    ).toMatchObject({ ok: true });
    const [link] = await database.db.select().from(secureLinks).where(eq(secureLinks.targetId, sent.formRequestId));
    await revokeSecureLink(database.db, ctxA, link.id, new Date(NOW.getTime() + DAY));
    expect(
      await submitIntakeFormWithToken(database.db, {
        token,
        input: { ...GOOD, allergies: "Polen" },
        now: new Date(NOW.getTime() + 2 * DAY),
      }),
    ).toEqual({
      ok: false,
      error: "expired",
    });
    const [row] = await database.db.select().from(formRequests).where(eq(formRequests.id, sent.formRequestId));
    expect(row.answers!.allergies).toBe("Ninguna");
  });

  it("refuses a token of another purpose and an unknown token", async () => {
    expect(await submitIntakeFormWithToken(database.db, { token: "AAAAAAAAAAAAAAAAAAAAAA", input: GOOD, now: NOW })).toEqual({
      ok: false,
      error: "expired",
    });
    expect(await submitIntakeFormWithToken(database.db, { token: "not a token", input: GOOD, now: NOW })).toEqual({
      ok: false,
      error: "expired",
    });
  });
});

describe("staff and the answers", () => {
  it("another clinic's staff can neither list nor read the answers; a view by the clinic is audited", async () => {
    const { token, sent, ctxA, ctxB, patient, clinicA } = await sendForm();
    await submitIntakeFormWithToken(database.db, { token, input: GOOD, now: NOW });
    expect(await listFormRequests(database.db, { clinicId: ctxB.clinicId, patientId: patient.id })).toEqual([]);
    expect(await viewFormAnswers(database.db, ctxB, { patientId: patient.id, formRequestId: sent.formRequestId })).toBeNull();
    expect(
      await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.clinicId, ctxB.clinicId), eq(auditLog.action, "form_answers.view"))),
    ).toEqual([]);

    const seen = await viewFormAnswers(database.db, ctxA, { patientId: patient.id, formRequestId: sent.formRequestId });
    expect(seen!.answers!.conditions).toBe("Asma");
    const views = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, clinicA.id), eq(auditLog.action, "form_answers.view"), eq(auditLog.entityId, sent.formRequestId)));
    expect(views).toHaveLength(1);
    expect(views[0].actorUserId).toBe(ctxA.userId);
  });
});

describe("the intake form with a first visit's confirmation", () => {
  async function book(setting: boolean) {
    const two = await createTwoClinics(database.db);
    const doctor = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
    const admin = await createStaff(database.db, { clinicId: two.clinicA.id, role: "admin" });
    const adminCtx = staffContext(admin, two.clinicA);
    expect(await setIntakeFormOnFirstVisit(database.db, adminCtx, { enabled: setting })).toEqual({ ok: true });
    const patient = await createPatient(database.db, { clinicId: two.clinicA.id });
    const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
    const first = await bookAppointment(database.db, two.ctxA, {
      input: { patientId: patient.id, doctorId: doctor.id, startsAt: at(3), durationMinutes: 30, kind: "in_person" },
      now: NOW,
    });
    const second = await bookAppointment(database.db, two.ctxA, {
      input: { patientId: patient.id, doctorId: doctor.id, startsAt: at(10), durationMinutes: 30, kind: "in_person" },
      now: NOW,
    });
    if (!first.ok || !second.ok) throw new Error("booking failed");
    return { ...two, patient, first, second };
  }

  it("when the clinic turns it on: the first visit's booking plans the form with its confirmation, the second does not", async () => {
    const { first, second, patient, clinicA } = await book(true);
    expect(first.scheduled.map((d) => d.notificationType).sort()).toEqual(["booking_confirmation", "intake_form", "reminder"]);
    expect(second.scheduled.map((d) => d.notificationType)).not.toContain("intake_form");
    const requests = await listFormRequests(database.db, { clinicId: clinicA.id, patientId: patient.id });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ trigger: "first_visit", status: "sent", sentByName: null });
  });

  it("when it is off (the default): no form is sent", async () => {
    const { first, patient, clinicA } = await book(false);
    expect(first.scheduled.map((d) => d.notificationType)).not.toContain("intake_form");
    expect(await listFormRequests(database.db, { clinicId: clinicA.id, patientId: patient.id })).toEqual([]);
    const [clinic] = await database.db.select().from(clinics).where(eq(clinics.id, clinicA.id));
    expect(clinic.intakeFormOnFirstVisit).toBe(false);
  });

  it("only admins may switch it", async () => {
    const two = await createTwoClinics(database.db);
    expect(await setIntakeFormOnFirstVisit(database.db, two.ctxA, { enabled: true })).toEqual({ ok: false, error: "forbidden" });
  });
});
