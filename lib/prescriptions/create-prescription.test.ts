import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, clinics, deliveries, documents, prescriptions, secureLinks } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { resetEnvCache } from "@/lib/env";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { renderMessage } from "@/lib/notifications/render-message";
import { createFilesystemBlobStore } from "@/lib/storage/filesystem-store";
import { extractPdfText } from "@/lib/testing/extract-pdf-text";
import { createPrescription } from "./create-prescription";
import esMessages from "@/messages/es/forms.json";
import enMessages from "@/messages/en/forms.json";

let database: Database;
let blobRoot: string;
beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://luna.example.mx";
  resetEnvCache();
  database = await openTestDatabase();
  blobRoot = mkdtempSync(path.join(tmpdir(), "luna-rx-"));
});
afterAll(async () => {
  delete process.env.PUBLIC_BASE_URL;
  resetEnvCache();
  await database.close();
  rmSync(blobRoot, { recursive: true, force: true });
});

const NOW = new Date("2026-11-25T16:00:00Z");
const ITEMS = [
  { medication: "Amoxicilina 500 mg", dose: "1 cápsula", frequency: "cada 8 horas", duration: "7 días" },
  { medication: "Ibuprofeno 400 mg", dose: "1 tableta", frequency: "cada 12 horas si hay dolor", duration: "5 días" },
];

async function setup() {
  const two = await createTwoClinics(database.db);
  await database.db.update(clinics).set({ name: "Clínica Luna Ñuñoa", phone: "+525555550100" }).where(eq(clinics.id, two.clinicA.id));
  const doctor = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García", title: "dr" });
  const clinicA = { ...two.clinicA, name: "Clínica Luna Ñuñoa" };
  const doctorCtx = staffContext(doctor, clinicA);
  const patient = await createPatient(database.db, { clinicId: two.clinicA.id, firstName: "María", lastName: "Núñez Peña" });
  return { ...two, doctor, doctorCtx, patient, store: createFilesystemBlobStore({ root: blobRoot }) };
}

describe("createPrescription", () => {
  it("renders the PDF, stores it as a prescription document, shares a 7-day link and plans a message without the medication", async () => {
    const { doctorCtx, patient, store, clinicA } = await setup();
    const result = await createPrescription(database.db, doctorCtx, {
      input: { patientId: patient.id, items: ITEMS, instructions: "Tomar con alimentos." },
      store,
      now: NOW,
    });
    if (!result.ok) throw new Error(JSON.stringify(result));

    const [document] = await database.db.select().from(documents).where(eq(documents.id, result.documentId));
    expect(document).toMatchObject({ kind: "prescription", clinicId: clinicA.id, patientId: patient.id, uploadedById: doctorCtx.userId });
    expect(document.storageKey).toBe(`clinics/${clinicA.id}/patients/${patient.id}/prescription/${document.id}.pdf`);
    const [row] = await database.db.select().from(prescriptions).where(eq(prescriptions.id, result.prescriptionId));
    expect(row).toMatchObject({ documentId: document.id, doctorId: doctorCtx.userId, items: ITEMS, instructions: "Tomar con alimentos." });

    // The stored file is the PDF, with the clinic, doctor, date in the clinic's zone, patient, items and instructions.
    const served = await store.serve({ key: document.storageKey, filename: "receta.pdf", contentType: "application/pdf" });
    if (served.kind !== "stream") throw new Error("expected a stream");
    const bytes = new Uint8Array(await new Response(served.body).arrayBuffer());
    expect(bytes.byteLength).toBe(document.sizeBytes);
    const text = await extractPdfText(bytes);
    for (const expected of [
      "Clínica Luna Ñuñoa",
      "Dr. García",
      "María Núñez Peña",
      "25 de noviembre de 2026",
      "Amoxicilina 500 mg",
      "1 cápsula",
      "cada 12 horas si hay dolor",
      "Tomar con alimentos.",
    ]) {
      expect(text).toContain(expected);
    }

    // The link opens the document (purpose prescription → the document view).
    const [link] = await database.db.select().from(secureLinks).where(eq(secureLinks.id, result.linkId));
    expect(link).toMatchObject({ purpose: "prescription", targetId: document.id, createdById: doctorCtx.userId });

    // The message: the doctor and the link, no medication, no dose.
    expect(result.scheduled).toHaveLength(1);
    const [delivery] = await database.db.select().from(deliveries).where(eq(deliveries.id, result.scheduled[0].id));
    expect(delivery).toMatchObject({ notificationType: "prescription_ready", channel: "whatsapp", templateKey: "prescription_ready.es" });
    const token = delivery.payload.linkUrl!.split("/l/")[1];
    const resolved = await resolveSecureLink(database.db, token, NOW);
    expect(resolved.status === "ok" && resolved.link.id).toBe(link.id);
    for (const channel of ["whatsapp", "email"] as const) {
      const message = await renderMessage({
        type: "prescription_ready",
        variant: "in_person",
        locale: "es",
        withEmail: channel === "email",
        vars: {
          firstName: patient.firstName,
          doctorName: doctorPhrase({ name: delivery.payload.doctorName!, title: delivery.payload.doctorTitle }, "es"),
          clinicName: clinicA.name,
          startsAt: NOW,
          timeZone: clinicA.timezone,
          now: NOW,
          linkUrl: delivery.payload.linkUrl,
          linkDays: 7,
        },
      });
      expect(delivery.payload).toMatchObject({ doctorName: "Dr. García", doctorTitle: "dr" });
      expect(message.text).toBe(
        `Hola María, aquí está la receta que te dio el Dr. García. Descárgala aquí: ${delivery.payload.linkUrl}. El enlace vence en 7 días.`,
      );
      const all =
        `${message.text} ${JSON.stringify(message.contentVariables)} ${"email" in message ? JSON.stringify(message.email) : ""}`.toLowerCase();
      for (const word of ["amoxicilina", "ibuprofeno", "cápsula", "tableta", "500 mg", "alimentos", "núñez"])
        expect(all).not.toContain(word);
    }

    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, result.prescriptionId));
    expect(audit.map((a) => a.action)).toEqual(["prescription.create"]);
    expect(JSON.stringify(audit)).not.toContain("Amoxicilina");
    const share = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "secure_link.share"), eq(auditLog.entityId, link.id)));
    expect(share).toHaveLength(1);
  });

  it("refuses bad input with a code per field (localized in es and en), saving and storing nothing", async () => {
    const { doctorCtx, patient, store } = await setup();
    const bad = await createPrescription(database.db, doctorCtx, {
      input: {
        patientId: patient.id,
        items: [{ medication: "Amoxicilina", dose: "", frequency: "cada 8 horas", duration: "x".repeat(121) }],
        instructions: "y".repeat(2001),
      },
      store,
      now: NOW,
    });
    expect(bad).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { "items.0.dose": "required", "items.0.duration": "tooLong", instructions: "tooLong" },
    });
    const none = await createPrescription(database.db, doctorCtx, { input: { patientId: patient.id, items: [] }, store, now: NOW });
    expect(none).toEqual({ ok: false, error: "invalid", fieldErrors: { items: "itemsRequired" } });
    for (const code of ["required", "tooLong", "itemsRequired"] as const) {
      expect(esMessages.prescriptions.errors[code]).toBeTruthy();
      expect(enMessages.prescriptions.errors[code]).toBeTruthy();
    }
    expect(esMessages.prescriptions.errors.itemsRequired).toBe("Agrega al menos un medicamento.");
    expect(await database.db.select().from(prescriptions).where(eq(prescriptions.patientId, patient.id))).toEqual([]);
    expect(await database.db.select().from(documents).where(eq(documents.patientId, patient.id))).toEqual([]);
    expect(await database.db.select().from(deliveries).where(eq(deliveries.patientId, patient.id))).toEqual([]);
  });

  it("is for doctors and admins: front-desk staff are refused; another clinic's patient is not found", async () => {
    const { ctxA, ctxB, patient, store } = await setup();
    expect(await createPrescription(database.db, ctxA, { input: { patientId: patient.id, items: ITEMS }, store, now: NOW })).toEqual({
      ok: false,
      error: "forbidden",
    });
    const doctorB = await createStaff(database.db, { clinicId: ctxB.clinicId, role: "doctor" });
    const [clinicB] = await database.db.select().from(clinics).where(eq(clinics.id, ctxB.clinicId));
    expect(
      await createPrescription(database.db, staffContext(doctorB, clinicB), {
        input: { patientId: patient.id, items: ITEMS },
        store,
        now: NOW,
      }),
    ).toEqual({ ok: false, error: "notFound" });
    expect(await database.db.select().from(documents).where(eq(documents.patientId, patient.id))).toEqual([]);
  });
});
