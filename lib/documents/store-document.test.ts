import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { documents } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { createFilesystemBlobStore } from "@/lib/storage/filesystem-store";
import type { BlobStore } from "@/lib/storage/types";
import { storePatientDocument } from "./store-document";

let database: Database;
let root: string;
beforeAll(async () => {
  database = await openTestDatabase();
  root = await mkdtemp(path.join(os.tmpdir(), "luna-store-doc-"));
});
afterAll(async () => {
  await database.close();
  await rm(root, { recursive: true, force: true });
});

const NOW = new Date("2026-11-25T16:00:00Z");
const PDF = new TextEncoder().encode("%PDF-1.7\n%%EOF\n");

async function setup() {
  const two = await createTwoClinics(database.db);
  const patient = await createPatient(database.db, { clinicId: two.clinicA.id });
  const dir = path.join(root, two.clinicA.id);
  return { ...two, patient, dir, store: createFilesystemBlobStore({ root: dir }) };
}
const files = (dir: string) =>
  readdir(dir, { recursive: true, withFileTypes: true })
    .then((e) => e.filter((f) => f.isFile()).map((f) => f.name))
    .catch(() => []);

describe("storePatientDocument", () => {
  it("stores the file and records the document with the caller's records in one transaction", async () => {
    const s = await setup();
    const result = await storePatientDocument(
      database.db,
      s.ctxA,
      { patientId: s.patient.id, kind: "lab_result", bytes: PDF, store: s.store, now: NOW },
      async (_tx, documentId) => ({ ok: true as const, documentId }),
    );
    if (!result.ok) throw new Error(result.error);
    const [row] = await database.db.select().from(documents).where(eq(documents.id, result.documentId));
    expect(row).toMatchObject({ clinicId: s.clinicA.id, patientId: s.patient.id, kind: "lab_result", sizeBytes: PDF.byteLength });
    expect(row.storageKey).toBe(`clinics/${s.clinicA.id}/patients/${s.patient.id}/lab_result/${result.documentId}.pdf`);
    expect(await files(s.dir)).toEqual([`${result.documentId}.pdf`]);
  });

  it("a store that fails answers 'storage' and records nothing", async () => {
    const s = await setup();
    const failing: BlobStore = { ...s.store, put: async () => Promise.reject(new Error("disk full")) };
    let recorded = false;
    const result = await storePatientDocument(
      database.db,
      s.ctxA,
      { patientId: s.patient.id, kind: "prescription", bytes: PDF, store: failing, now: NOW },
      async () => {
        recorded = true;
        return { ok: true as const };
      },
    );
    expect(result).toEqual({ ok: false, error: "storage" });
    expect(recorded).toBe(false);
    expect(await database.db.select().from(documents).where(eq(documents.patientId, s.patient.id))).toEqual([]);
  });

  it("when the caller's records fail, the document row is rolled back and the stored file deleted", async () => {
    const s = await setup();
    await expect(
      storePatientDocument(
        database.db,
        s.ctxA,
        { patientId: s.patient.id, kind: "lab_result", bytes: PDF, store: s.store, now: NOW },
        async () => {
          throw new Error("link failed");
        },
      ),
    ).rejects.toThrow("link failed");
    expect(await database.db.select().from(documents).where(eq(documents.patientId, s.patient.id))).toEqual([]);
    expect(await files(s.dir)).toEqual([]);
  });
});
