import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics, documents, prescriptions } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { findPatientVisit } from "@/lib/care-instructions/queries";
import { fieldErrorsOf } from "@/lib/forms/schemas";
import { createSecureLink, DEFAULT_LINK_TTL_DAYS } from "@/lib/links/secure-links";
import { planLinkNotification } from "@/lib/notifications/plan-link-notification";
import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { getPatient } from "@/lib/patients/queries";
import type { BlobStore } from "@/lib/storage/types";
import { documentStorageKey } from "@/lib/storage/keys";
import { renderPrescriptionPdf } from "./render-prescription-pdf";
import { prescriptionInputSchema } from "./schemas";

export type CreatePrescriptionResult =
  | { ok: true; prescriptionId: string; documentId: string; linkId: string; scheduled: ScheduledDelivery[] }
  | { ok: false; error: "invalid"; fieldErrors: Record<string, string> }
  | { ok: false; error: "notFound" | "forbidden" | "storage" };

/**
 * A doctor writes a prescription: validated (codes per field, nothing saved on bad input), rendered as a
 * PDF in the patient's language with the clinic's date, stored as a document (kind prescription) under the
 * clinic's prefix, shared through a 7-day link (purpose prescription → the document view), and announced
 * by a prescription_ready message that names the doctor but no medication. Audited.
 *
 * The PDF is stored before the transaction (no transaction is held across the store); if the
 * transaction fails, the stored file is deleted again.
 */
export async function createPrescription(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; store: BlobStore; now?: Date },
): Promise<CreatePrescriptionResult> {
  if (!can(ctx.role, "prescriptions:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const parsed = prescriptionInputSchema.safeParse(params.input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    if (fieldErrors.patientId) return { ok: false, error: "notFound" };
    return { ok: false, error: "invalid", fieldErrors };
  }
  const input = parsed.data;
  const patient = await getPatient(db, { clinicId: ctx.clinicId, patientId: input.patientId });
  if (!patient) return { ok: false, error: "notFound" };
  if (input.appointmentId && !(await findPatientVisit(db, { clinicId: ctx.clinicId, patientId: patient.id, appointmentId: input.appointmentId }))) {
    return { ok: false, error: "invalid", fieldErrors: { appointmentId: "notFound" } };
  }
  const [clinic] = await db
    .select({ name: clinics.name, phone: clinics.phone, timezone: clinics.timezone })
    .from(clinics)
    .where(eq(clinics.id, ctx.clinicId))
    .limit(1);

  const pdf = await renderPrescriptionPdf({
    clinic: { name: clinic.name, phone: clinic.phone },
    doctorName: ctx.name,
    patientFullName: `${patient.firstName} ${patient.lastName}`,
    issuedAt: now,
    timeZone: clinic.timezone,
    locale: patient.preferredLocale,
    items: input.items,
    instructions: input.instructions,
  });
  const documentId = randomUUID();
  const storageKey = documentStorageKey({ clinicId: ctx.clinicId, patientId: patient.id, kind: "prescription", documentId });
  try {
    await params.store.put({ key: storageKey, body: pdf, contentType: "application/pdf" });
  } catch (error) {
    console.error(`[prescriptions] storing document ${documentId} failed:`, error instanceof Error ? error.message : error);
    return { ok: false, error: "storage" };
  }

  try {
    return await db.transaction(async (tx) => {
      await tx.insert(documents).values({
        id: documentId,
        clinicId: ctx.clinicId,
        patientId: patient.id,
        kind: "prescription",
        storageKey,
        sizeBytes: pdf.byteLength,
        sha256: createHash("sha256").update(pdf).digest("hex"),
        uploadedById: ctx.userId,
        createdAt: now,
      });
      const [prescription] = await tx
        .insert(prescriptions)
        .values({
          clinicId: ctx.clinicId,
          patientId: patient.id,
          doctorId: ctx.userId,
          appointmentId: input.appointmentId ?? null,
          items: input.items,
          instructions: input.instructions || null,
          documentId,
          createdAt: now,
        })
        .returning({ id: prescriptions.id });
      const link = await createSecureLink(tx, {
        clinicId: ctx.clinicId,
        patientId: patient.id,
        purpose: "prescription",
        targetId: documentId,
        createdById: ctx.userId,
        now,
      });
      const { planned: scheduled } = await planLinkNotification(tx, {
        clinicId: ctx.clinicId,
        patientId: patient.id,
        type: "prescription_ready",
        link,
        linkDays: DEFAULT_LINK_TTL_DAYS,
        doctorName: ctx.name,
        now,
      });
      await recordAudit(tx, {
        clinicId: ctx.clinicId,
        actorUserId: ctx.userId,
        action: "prescription.create",
        entityType: "prescription",
        entityId: prescription.id,
        metadata: { documentId, items: input.items.length, fields: ["items", ...(input.instructions ? ["instructions"] : [])] },
      });
      return { ok: true, prescriptionId: prescription.id, documentId, linkId: link.id, scheduled } as const;
    });
  } catch (error) {
    await params.store.delete(storageKey).catch(() => undefined);
    throw error;
  }
}
