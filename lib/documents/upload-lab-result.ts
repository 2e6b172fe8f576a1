import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { patients } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { createSecureLink, DEFAULT_LINK_TTL_DAYS } from "@/lib/links/secure-links";
import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import type { BlobStore } from "@/lib/storage/types";
import { storePatientDocument } from "./store-document";

/** The largest PDF staff may upload (next.config.ts lets server actions carry a little more). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

export type UploadError = "missing" | "empty" | "tooLarge" | "notPdf" | "notFound" | "forbidden" | "storage";

export type UploadResult =
  | { ok: true; documentId: string; linkId: string; planned: ScheduledDelivery[]; channel: string | null }
  | { ok: false; error: UploadError };

/** Really a PDF: by its first bytes, whatever the file name or the browser's content type claim. */
export function looksLikePdf(bytes: Uint8Array) {
  return bytes.byteLength >= PDF_MAGIC.length && PDF_MAGIC.every((byte, i) => bytes[i] === byte);
}

/** What the upload form sends: size first, so a too-large file is refused before its bytes are read. */
export interface UploadedFile {
  size: number;
  bytes: () => Promise<Uint8Array>;
}

/**
 * Staff upload a lab-result PDF for a patient of their clinic: checked (present, ≤ 20 MB, "%PDF-" magic),
 * stored (outside any transaction: PGlite has one connection), then in one transaction the document row,
 * its 7-day link, the "your results are ready" message and the audit entries (upload and share). Anything
 * refused stores nothing. If the transaction fails the stored file is removed. The message is planned by
 * the `link.shared` listener and handed to the driver after commit.
 */
export async function uploadLabResult(
  db: Db,
  store: BlobStore,
  ctx: Pick<StaffContext, "clinicId" | "userId" | "role">,
  params: { patientId: string; file: UploadedFile | null; now?: Date },
): Promise<UploadResult> {
  const now = params.now ?? new Date();
  if (!can(ctx.role, "documents:write")) return { ok: false, error: "forbidden" };
  if (!/^[0-9a-f-]{36}$/i.test(params.patientId)) return { ok: false, error: "notFound" };
  const [patient] = await db
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.id, params.patientId), eq(patients.clinicId, ctx.clinicId)))
    .limit(1);
  if (!patient) return { ok: false, error: "notFound" };
  const { file } = params;
  if (!file) return { ok: false, error: "missing" };
  if (file.size === 0) return { ok: false, error: "empty" };
  if (file.size > MAX_DOCUMENT_BYTES) return { ok: false, error: "tooLarge" };
  const bytes = await file.bytes();
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) return { ok: false, error: "tooLarge" };
  if (!looksLikePdf(bytes)) return { ok: false, error: "notPdf" };

  return storePatientDocument(db, ctx, { patientId: patient.id, kind: "lab_result", bytes, store, now }, async (tx, documentId, change) => {
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "document.upload",
      entityType: "document",
      entityId: documentId,
      metadata: { kind: "lab_result", fields: ["file"] },
    });
    const link = await createSecureLink(tx, {
      clinicId: ctx.clinicId,
      patientId: patient.id,
      purpose: "lab_result",
      targetId: documentId,
      createdById: ctx.userId,
      ttlDays: DEFAULT_LINK_TTL_DAYS,
      now,
    });
    const { scheduled } = await change.publish({
      type: "link.shared",
      clinicId: ctx.clinicId,
      patientId: patient.id,
      link,
      linkDays: DEFAULT_LINK_TTL_DAYS,
      now,
    });
    return { ok: true as const, documentId, linkId: link.id, planned: scheduled, channel: scheduled[0]?.channel ?? null };
  });
}
