import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, documents, secureLinks, users, type Channel, type Delivery, type Document } from "@/db/schema";
import { parseTemplateKey } from "@/lib/message-log/detail";
import { bodyOf, TEMPLATE_DEFINITIONS } from "@/lib/notifications/templates/definitions";
import { fillPlaceholders } from "@/lib/notifications/templates/fill-placeholders";

/** The document a valid link opens: scoped to the link's clinic and patient, so a link opens only its own file. */
export async function getLinkedDocument(
  db: Db,
  params: { clinicId: string; patientId: string; documentId: string },
): Promise<Pick<Document, "id" | "kind" | "storageKey" | "sizeBytes" | "createdAt"> | null> {
  const [row] = await db
    .select({
      id: documents.id,
      kind: documents.kind,
      storageKey: documents.storageKey,
      sizeBytes: documents.sizeBytes,
      createdAt: documents.createdAt,
    })
    .from(documents)
    .where(and(eq(documents.id, params.documentId), eq(documents.clinicId, params.clinicId), eq(documents.patientId, params.patientId)))
    .limit(1);
  return row ?? null;
}

/** One document of the staff member's clinic (another clinic's is null). */
export async function getClinicDocument(db: Db, params: { clinicId: string; documentId: string }): Promise<Document | null> {
  if (!/^[0-9a-f-]{36}$/i.test(params.documentId)) return null;
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, params.documentId), eq(documents.clinicId, params.clinicId)))
    .limit(1);
  return row ?? null;
}

export interface PatientDocumentRow {
  id: string;
  kind: Document["kind"];
  sizeBytes: number;
  createdAt: Date;
  uploadedByName: string | null;
  /** The newest link that opens it, if any. */
  link: { id: string; expiresAt: Date; revokedAt: Date | null; openCount: number; lastOpenedAt: Date | null } | null;
}

/** A patient's documents, newest first, each with its newest link (for the chart). */
export async function listPatientDocuments(db: Db, params: { clinicId: string; patientId: string }): Promise<PatientDocumentRow[]> {
  const rows = await db
    .select({
      id: documents.id,
      kind: documents.kind,
      sizeBytes: documents.sizeBytes,
      createdAt: documents.createdAt,
      uploadedByName: users.name,
    })
    .from(documents)
    .leftJoin(users, and(eq(users.id, documents.uploadedById), eq(users.clinicId, documents.clinicId)))
    .where(and(eq(documents.clinicId, params.clinicId), eq(documents.patientId, params.patientId)))
    .orderBy(desc(documents.createdAt));
  if (rows.length === 0) return [];
  const links = await db
    .select({
      id: secureLinks.id,
      targetId: secureLinks.targetId,
      expiresAt: secureLinks.expiresAt,
      revokedAt: secureLinks.revokedAt,
      openCount: secureLinks.openCount,
      lastOpenedAt: secureLinks.lastOpenedAt,
      createdAt: secureLinks.createdAt,
    })
    .from(secureLinks)
    .where(
      and(
        eq(secureLinks.clinicId, params.clinicId),
        eq(secureLinks.patientId, params.patientId),
        inArray(secureLinks.purpose, ["lab_result", "prescription"]),
        inArray(
          secureLinks.targetId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(desc(secureLinks.createdAt));
  const newest = new Map<string, (typeof links)[number]>();
  for (const link of links) if (!newest.has(link.targetId)) newest.set(link.targetId, link);
  return rows.map((row) => {
    const link = newest.get(row.id);
    return {
      ...row,
      link: link
        ? { id: link.id, expiresAt: link.expiresAt, revokedAt: link.revokedAt, openCount: link.openCount, lastOpenedAt: link.lastOpenedAt }
        : null,
    };
  });
}

/** "1.2 MB" / "850 KB", in the reader's locale. */
export function formatFileSize(bytes: number, locale: string) {
  const format = (n: number) => new Intl.NumberFormat(locale === "en" ? "en-US" : "es-MX", { maximumFractionDigits: 1 }).format(n);
  if (bytes >= 1024 * 1024) return `${format(bytes / (1024 * 1024))} MB`;
  return `${format(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

export interface LinkMessage {
  id: string;
  linkId: string;
  channel: Channel;
  status: Delivery["status"];
  simulated: boolean;
  errorCode: string | null;
  fallbackOfId: string | null;
  /** What the patient got, once it went out (the template filled with the recorded variables). */
  text: string | null;
  createdAt: Date;
}

/** The messages that carried these links (clinic-scoped), oldest first. */
export async function listLinkMessages(db: Db, params: { clinicId: string; linkIds: string[] }): Promise<LinkMessage[]> {
  if (params.linkIds.length === 0) return [];
  const rows = await db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.clinicId, params.clinicId),
        eq(deliveries.subjectType, "secure_link"),
        inArray(deliveries.subjectId, params.linkIds),
      ),
    )
    .orderBy(asc(deliveries.createdAt));
  return rows.map((row) => ({
    id: row.id,
    linkId: row.subjectId,
    channel: row.channel,
    status: row.status,
    simulated: row.simulated,
    errorCode: row.errorCode,
    fallbackOfId: row.fallbackOfId,
    text: sentText(row),
    createdAt: row.createdAt,
  }));
}

function sentText(row: Delivery): string | null {
  if (row.sentBody !== null) return row.sentBody;
  // Sent before the text was recorded: refill today's template with the recorded values.
  if (!row.variables["1"]) return null;
  const key = parseTemplateKey(row.templateKey);
  const definition = key ? TEMPLATE_DEFINITIONS[key.type]?.in_person?.[key.locale] : undefined;
  if (!definition) return null;
  const values = definition.variables.map((_, index) => row.variables[String(index + 1)] ?? "");
  return fillPlaceholders({ body: bodyOf(definition), values });
}
