import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, deliveries, documents, secureLinks } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { resetEnvCache } from "@/lib/env";
import { hashLinkToken } from "@/lib/links/token";
import { resolveSecureLink, revokeSecureLink } from "@/lib/links/secure-links";
import { runSweep } from "@/lib/notifications/dispatch";
import { createMemoryProvider } from "@/lib/notifications/testing/memory-transport";
import { createFilesystemBlobStore } from "@/lib/storage/filesystem-store";
import { getTemplateDefinition } from "@/lib/notifications/templates/definitions";
import { listLinkMessages, listPatientDocuments } from "./queries";
import { MAX_DOCUMENT_BYTES, uploadLabResult, type UploadedFile } from "./upload-lab-result";
import { openDocumentForStaff } from "./view-document";

let database: Database;
let root: string;
beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://luna.example.mx";
  resetEnvCache();
  database = await openTestDatabase();
  root = await mkdtemp(path.join(os.tmpdir(), "luna-docs-"));
});
afterAll(async () => {
  delete process.env.PUBLIC_BASE_URL;
  resetEnvCache();
  await database.close();
  await rm(root, { recursive: true, force: true });
});

const NOW = new Date("2026-11-25T16:00:00Z");
const PDF = new TextEncoder().encode("%PDF-1.7\n% Perfil tiroideo: TSH 8.2\n%%EOF\n");
const fileOf = (bytes: Uint8Array, size = bytes.byteLength): UploadedFile => ({ size, bytes: async () => bytes });

async function setup() {
  const two = await createTwoClinics(database.db);
  const patientA = await createPatient(database.db, { clinicId: two.clinicA.id, firstName: "María" });
  const patientB = await createPatient(database.db, { clinicId: two.clinicB.id });
  const store = createFilesystemBlobStore({ root: path.join(root, two.clinicA.id) });
  return { ...two, patientA, patientB, store };
}

async function storedFiles(dir: string): Promise<string[]> {
  return readdir(dir, { recursive: true }).catch(() => []) as Promise<string[]>;
}

describe("uploadLabResult", () => {
  it("stores the PDF, creates a 7-day link and sends the privacy-safe message with it; audited", async () => {
    const s = await setup();
    const result = await uploadLabResult(database.db, s.store, s.ctxA, { patientId: s.patientA.id, file: fileOf(PDF), now: NOW });
    if (!result.ok) throw new Error(result.error);
    expect(result.channel).toBe("whatsapp");

    const [document] = await database.db.select().from(documents).where(eq(documents.id, result.documentId));
    expect(document).toMatchObject({
      clinicId: s.clinicA.id,
      patientId: s.patientA.id,
      kind: "lab_result",
      sizeBytes: PDF.byteLength,
      uploadedById: s.staffA.id,
    });
    expect(document.storageKey).toBe(`clinics/${s.clinicA.id}/patients/${s.patientA.id}/lab_result/${document.id}.pdf`);
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);

    const [link] = await database.db.select().from(secureLinks).where(eq(secureLinks.id, result.linkId));
    expect(link).toMatchObject({ purpose: "lab_result", targetId: document.id, expiresAt: new Date(NOW.getTime() + 7 * 86_400_000) });

    const provider = createMemoryProvider();
    await runSweep({ db: database.db, transports: provider.transports, now: () => NOW }, { scope: { clinicIds: [s.clinicA.id] } });
    expect(provider.accepted).toHaveLength(1);
    const sent = provider.accepted[0];
    const url = /https:\/\/luna\.example\.mx\/l\/([A-Za-z0-9_-]{22})/.exec(sent.text);
    expect(sent.text).toBe(
      `Hola María, tus resultados de laboratorio de ${s.clinicA.name} están listos. Consúltalos aquí: ${url?.[0]}. El enlace vence en 7 días.`,
    );
    expect(hashLinkToken(url![1])).toBe(link.tokenHash);
    expect(sent.text).not.toMatch(/tiroideo|TSH|8\.2|\.pdf/i);
    expect((await resolveSecureLink(database.db, url![1], NOW)).status).toBe("ok");

    // The chart's documents section shows the words sent, even after a later release rewords the template;
    // the other clinic sees none of this clinic's link messages.
    const definition = getTemplateDefinition({ type: "lab_result_ready", variant: "in_person", locale: "es" });
    const wording = definition.paragraphs;
    (definition as { paragraphs: readonly string[] }).paragraphs = ["NUEVA REDACCIÓN {{1}}."];
    try {
      const shown = await listLinkMessages(database.db, { clinicId: s.clinicA.id, linkIds: [link.id] });
      expect(shown.map((m) => m.text)).toEqual([sent.text]);
      expect(await listLinkMessages(database.db, { clinicId: s.clinicB.id, linkIds: [link.id] })).toEqual([]);
    } finally {
      (definition as { paragraphs: readonly string[] }).paragraphs = wording;
    }

    const actions = await database.db
      .select({ action: auditLog.action, entityId: auditLog.entityId })
      .from(auditLog)
      .where(eq(auditLog.clinicId, s.clinicA.id));
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: "document.upload", entityId: document.id },
        { action: "secure_link.share", entityId: link.id },
      ]),
    );
  });

  it.each([
    ["not a PDF (an image renamed .pdf)", fileOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), "notPdf"],
    ["a PDF header not at the start", fileOf(new TextEncoder().encode(" %PDF-1.7")), "notPdf"],
    ["empty", fileOf(new Uint8Array()), "empty"],
    ["no file", null, "missing"],
  ] as const)("refuses %s and stores nothing", async (_, file, error) => {
    const s = await setup();
    expect(await uploadLabResult(database.db, s.store, s.ctxA, { patientId: s.patientA.id, file, now: NOW })).toEqual({ ok: false, error });
    expect(await database.db.select().from(documents).where(eq(documents.clinicId, s.clinicA.id))).toEqual([]);
    expect(await database.db.select().from(secureLinks).where(eq(secureLinks.clinicId, s.clinicA.id))).toEqual([]);
    expect(await database.db.select().from(deliveries).where(eq(deliveries.clinicId, s.clinicA.id))).toEqual([]);
    expect(await storedFiles(path.join(root, s.clinicA.id))).toEqual([]);
  });

  it("refuses more than 20 MB before reading the bytes", async () => {
    const s = await setup();
    let read = false;
    const huge: UploadedFile = { size: MAX_DOCUMENT_BYTES + 1, bytes: async () => ((read = true), PDF) };
    expect(await uploadLabResult(database.db, s.store, s.ctxA, { patientId: s.patientA.id, file: huge, now: NOW })).toEqual({
      ok: false,
      error: "tooLarge",
    });
    expect(read).toBe(false);
    // Exactly 20 MB is accepted.
    const limit = new Uint8Array(MAX_DOCUMENT_BYTES);
    limit.set(PDF);
    expect((await uploadLabResult(database.db, s.store, s.ctxA, { patientId: s.patientA.id, file: fileOf(limit), now: NOW })).ok).toBe(
      true,
    );
  });

  it("cannot upload for another clinic's patient", async () => {
    const s = await setup();
    expect(await uploadLabResult(database.db, s.store, s.ctxA, { patientId: s.patientB.id, file: fileOf(PDF), now: NOW })).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(await database.db.select().from(documents).where(eq(documents.patientId, s.patientB.id))).toEqual([]);
  });
});

describe("documents across clinics", () => {
  it("another clinic's staff can neither list, open nor revoke; the owner's views are audited", async () => {
    const s = await setup();
    const result = await uploadLabResult(database.db, s.store, s.ctxA, { patientId: s.patientA.id, file: fileOf(PDF), now: NOW });
    if (!result.ok) throw new Error(result.error);

    expect(await listPatientDocuments(database.db, { clinicId: s.clinicB.id, patientId: s.patientA.id })).toEqual([]);
    expect(await openDocumentForStaff(database.db, s.store, s.ctxB, { documentId: result.documentId })).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(await revokeSecureLink(database.db, s.ctxB, result.linkId)).toEqual({ ok: false, error: "notFound" });
    const audited = await database.db.select().from(auditLog).where(eq(auditLog.clinicId, s.clinicB.id));
    expect(audited).toEqual([]);

    const [listed] = await listPatientDocuments(database.db, { clinicId: s.clinicA.id, patientId: s.patientA.id });
    expect(listed).toMatchObject({ id: result.documentId, kind: "lab_result", link: { id: result.linkId, openCount: 0, revokedAt: null } });
    const opened = await openDocumentForStaff(database.db, s.store, s.ctxA, { documentId: result.documentId });
    if (!opened.ok || opened.served.kind !== "stream") throw new Error("expected the bytes");
    expect(new Uint8Array(await new Response(opened.served.body).arrayBuffer())).toEqual(PDF);
    const views = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, result.documentId), eq(auditLog.action, "document.view")));
    expect(views).toHaveLength(1);
    expect(views[0].actorUserId).toBe(s.staffA.id);
  });

  it("a link revoked before its message goes out cancels the message", async () => {
    const s = await setup();
    const result = await uploadLabResult(database.db, s.store, s.ctxA, { patientId: s.patientA.id, file: fileOf(PDF), now: NOW });
    if (!result.ok) throw new Error(result.error);
    await revokeSecureLink(database.db, s.ctxA, result.linkId, NOW);
    const provider = createMemoryProvider();
    await runSweep({ db: database.db, transports: provider.transports, now: () => NOW }, { scope: { clinicIds: [s.clinicA.id] } });
    expect(provider.accepted).toEqual([]);
    const [delivery] = await database.db.select().from(deliveries).where(eq(deliveries.clinicId, s.clinicA.id));
    expect(delivery).toMatchObject({ status: "cancelled", errorCode: "link_revoked" });
  });

  it("falls back to SMS with the same link when WhatsApp is opted out", async () => {
    const s = await setup();
    const optedOut = await createPatient(database.db, {
      clinicId: s.clinicA.id,
      whatsappOptedOutAt: NOW,
      whatsappOptOutSource: "patient_reply",
    });
    const result = await uploadLabResult(database.db, s.store, s.ctxA, { patientId: optedOut.id, file: fileOf(PDF), now: NOW });
    if (!result.ok) throw new Error(result.error);
    expect(result.channel).toBe("sms");
    const provider = createMemoryProvider();
    await runSweep({ db: database.db, transports: provider.transports, now: () => NOW }, { scope: { clinicIds: [s.clinicA.id] } });
    expect(provider.accepted.map((m) => m.channel)).toEqual(["sms"]);
    expect(provider.accepted[0].text).toContain("https://luna.example.mx/l/");
  });
});
