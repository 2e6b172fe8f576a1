import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";

export interface AuditInput {
  clinicId: string;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Names of what changed, never personal values. */
  metadata?: Record<string, unknown>;
}

/** Appends one staff action to the audit log (pass the transaction that made the change). */
export async function recordAudit(db: Db, entry: AuditInput) {
  await db.insert(auditLog).values({
    clinicId: entry.clinicId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    metadata: entry.metadata ?? null,
  });
}
