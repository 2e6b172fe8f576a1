import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics, formRequests, type Patient } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { runChange, type Change } from "@/lib/domain-events/run-change";
import { createSecureLink, DEFAULT_LINK_TTL_DAYS } from "@/lib/links/secure-links";
import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { getPatient } from "@/lib/patients/queries";

/**
 * Creates an intake form request for a patient and its 7-day link (purpose "form"), in the caller's
 * change, and publishes `link.shared` (notifications plan the intake_form message that carries it).
 * Returns what that planned.
 */
export async function createIntakeFormRequest(
  tx: Db,
  change: Change,
  params: {
    clinicId: string;
    patient: Pick<Patient, "id">;
    trigger: "staff" | "first_visit";
    sentById: string | null;
    appointmentId?: string | null;
    now: Date;
  },
): Promise<{ formRequestId: string; linkId: string; scheduled: ScheduledDelivery[] }> {
  const { now } = params;
  const [request] = await tx
    .insert(formRequests)
    .values({
      clinicId: params.clinicId,
      patientId: params.patient.id,
      trigger: params.trigger,
      appointmentId: params.appointmentId ?? null,
      sentById: params.sentById,
      sentAt: now,
    })
    .returning({ id: formRequests.id });
  const link = await createSecureLink(tx, {
    clinicId: params.clinicId,
    patientId: params.patient.id,
    purpose: "form",
    targetId: request.id,
    createdById: params.sentById,
    now,
  });
  const { scheduled } = await change.publish({
    type: "link.shared",
    clinicId: params.clinicId,
    patientId: params.patient.id,
    link,
    linkDays: DEFAULT_LINK_TTL_DAYS,
    now,
  });
  return { formRequestId: request.id, linkId: link.id, scheduled };
}

export type SendIntakeFormResult =
  { ok: true; formRequestId: string; scheduled: ScheduledDelivery[] } | { ok: false; error: "notFound" | "forbidden" };

/** Staff send the clinic's intake form from the chart. Another clinic's patient is "not found"; audited. */
export async function sendIntakeForm(db: Db, ctx: StaffContext, params: { patientId: string; now?: Date }): Promise<SendIntakeFormResult> {
  if (!can(ctx.role, "patients:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  return runChange(db, async (tx, change) => {
    const patient = await getPatient(tx, { clinicId: ctx.clinicId, patientId: params.patientId });
    if (!patient) return { ok: false, error: "notFound" } as const;
    const created = await createIntakeFormRequest(tx, change, {
      clinicId: ctx.clinicId,
      patient,
      trigger: "staff",
      sentById: ctx.userId,
      now,
    });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "form_request.send",
      entityType: "form_request",
      entityId: created.formRequestId,
      metadata: { trigger: "staff" },
    });
    return { ok: true, formRequestId: created.formRequestId, scheduled: created.scheduled } as const;
  });
}

/** The clinic's first-visit switch. */
export async function getIntakeFormOnFirstVisit(db: Db, params: { clinicId: string }) {
  const [row] = await db.select({ on: clinics.intakeFormOnFirstVisit }).from(clinics).where(eq(clinics.id, params.clinicId)).limit(1);
  return row?.on ?? false;
}

/** Admins turn the first-visit form on or off (settings:write); audited. */
export async function setIntakeFormOnFirstVisit(
  db: Db,
  ctx: StaffContext,
  params: { enabled: boolean },
): Promise<{ ok: true } | { ok: false; error: "forbidden" }> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  await db.transaction(async (tx) => {
    await tx.update(clinics).set({ intakeFormOnFirstVisit: params.enabled }).where(eq(clinics.id, ctx.clinicId));
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "settings.update",
      entityType: "clinic",
      entityId: ctx.clinicId,
      metadata: { fields: ["intakeFormOnFirstVisit"] },
    });
  });
  return { ok: true };
}
