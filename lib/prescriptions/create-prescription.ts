import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics, prescriptions } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { findPatientVisit } from "@/lib/care-instructions/queries";
import { fieldErrorsOf } from "@/lib/errors";
import { createSecureLink, DEFAULT_LINK_TTL_DAYS } from "@/lib/links/secure-links";
import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { storePatientDocument } from "@/lib/documents/store-document";
import { getPatient } from "@/lib/patients/queries";
import type { BlobStore } from "@/lib/storage/types";
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
 * by a prescription_ready message that names the doctor but no medication. Audited. The file is stored and
 * recorded by `storePatientDocument` (deleted again if the transaction fails).
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
  if (
    input.appointmentId &&
    !(await findPatientVisit(db, { clinicId: ctx.clinicId, patientId: patient.id, appointmentId: input.appointmentId }))
  ) {
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
  return storePatientDocument(
    db,
    ctx,
    { patientId: patient.id, kind: "prescription", bytes: pdf, store: params.store, now },
    async (tx, documentId, change) => {
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
      const { scheduled } = await change.publish({
        type: "link.shared",
        clinicId: ctx.clinicId,
        patientId: patient.id,
        link,
        linkDays: DEFAULT_LINK_TTL_DAYS,
        doctorName: ctx.name,
        doctorTitle: ctx.title,
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
    },
  );
}
