import { createHash, randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { documents, type DocumentKind } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { runChange, type Change } from "@/lib/domain-events/run-change";
import { errorMessage, log } from "@/lib/log";
import { documentStorageKey } from "@/lib/storage/keys";
import type { BlobStore } from "@/lib/storage/types";

/**
 * Stores a patient's PDF and records it. The file goes to the store first (no transaction is held across
 * the store); then one change (`runChange`) inserts the `documents` row and runs `record` (link, audit, the
 * `link.shared` event whose listener plans the message).
 * If that transaction fails, the stored file is deleted again. Lab results and prescriptions both come here.
 */
export async function storePatientDocument<T>(
  db: Db,
  ctx: Pick<StaffContext, "clinicId" | "userId">,
  params: { patientId: string; kind: DocumentKind; bytes: Uint8Array; store: BlobStore; now: Date },
  record: (tx: Db, documentId: string, change: Change) => Promise<T>,
): Promise<T | { ok: false; error: "storage" }> {
  const { patientId, kind, bytes, store, now } = params;
  const documentId = randomUUID();
  const storageKey = documentStorageKey({ clinicId: ctx.clinicId, patientId, kind, documentId });
  try {
    await store.put({ key: storageKey, body: bytes, contentType: "application/pdf" });
  } catch (error) {
    log.error({ event: "documents.store_failed", kind, documentId }, `[documents] storing the document failed: ${errorMessage(error)}`);
    return { ok: false, error: "storage" };
  }
  try {
    return await runChange(db, async (tx, change) => {
      await tx.insert(documents).values({
        id: documentId,
        clinicId: ctx.clinicId,
        patientId,
        kind,
        storageKey,
        sizeBytes: bytes.byteLength,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        uploadedById: ctx.userId,
        createdAt: now,
      });
      return record(tx, documentId, change);
    });
  } catch (error) {
    await store.delete(storageKey).catch(() => undefined);
    throw error;
  }
}
