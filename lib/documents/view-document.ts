import type { Db } from "@/db/client";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import type { BlobStore, ServedBlob } from "@/lib/storage/types";
import { getClinicDocument } from "./queries";

/**
 * A staff member opens a document of their clinic (another clinic's is "not found"). Every view is
 * audited; the file is served like a patient's (a presigned URL made now, or the bytes).
 */
export async function openDocumentForStaff(
  db: Db,
  store: BlobStore,
  ctx: Pick<StaffContext, "clinicId" | "userId" | "role">,
  params: { documentId: string; now?: Date },
): Promise<{ ok: true; served: ServedBlob; kind: string } | { ok: false; error: "notFound" | "forbidden" }> {
  if (!can(ctx.role, "documents:read")) return { ok: false, error: "forbidden" };
  const document = await getClinicDocument(db, { clinicId: ctx.clinicId, documentId: params.documentId });
  if (!document) return { ok: false, error: "notFound" };
  await recordAudit(db, {
    clinicId: ctx.clinicId,
    actorUserId: ctx.userId,
    action: "document.view",
    entityType: "document",
    entityId: document.id,
    metadata: { kind: document.kind },
  });
  const served = await store.serve({
    key: document.storageKey,
    filename: `${document.kind}.pdf`,
    contentType: "application/pdf",
    now: params.now,
  });
  return { ok: true, served, kind: document.kind };
}
