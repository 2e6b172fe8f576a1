import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, clinics, formRequests, type Appointment, type Patient } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { createSecureLink, DEFAULT_LINK_TTL_DAYS } from "@/lib/links/secure-links";
import { planLinkNotification } from "@/lib/notifications/plan-link-notification";
import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { getPatient } from "@/lib/patients/queries";

/**
 * Creates an intake form request for a patient, its 7-day link (purpose "form") and the message that
 * carries it (type intake_form), in the caller's transaction. Returns the planned deliveries for
 * `notifyDeliveriesScheduled` after commit.
 */
export async function createIntakeFormRequest(
  tx: Db,
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
  const { planned: scheduled } = await planLinkNotification(tx, {
    clinicId: params.clinicId,
    patientId: params.patient.id,
    type: "intake_form",
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
  return db.transaction(async (tx) => {
    const patient = await getPatient(tx, { clinicId: ctx.clinicId, patientId: params.patientId });
    if (!patient) return { ok: false, error: "notFound" } as const;
    const created = await createIntakeFormRequest(tx, { clinicId: ctx.clinicId, patient, trigger: "staff", sentById: ctx.userId, now });
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

/**
 * With the booking of a patient's FIRST visit (no other appointment of theirs at this clinic, cancelled
 * ones included), and when the clinic has turned it on, plans the intake form right after the
 * confirmation (both due at once). Call it in the booking's transaction; returns what it planned (nothing otherwise).
 */
export async function planFirstVisitIntakeForm(
  tx: Db,
  params: { appointment: Pick<Appointment, "id" | "clinicId" | "patientId">; patient: Pick<Patient, "id" | "preferredLocale">; now: Date },
): Promise<ScheduledDelivery[]> {
  const { appointment, now } = params;
  const [clinic] = await tx
    .select({ on: clinics.intakeFormOnFirstVisit })
    .from(clinics)
    .where(eq(clinics.id, appointment.clinicId))
    .limit(1);
  if (!clinic?.on) return [];
  const [earlier] = await tx
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, appointment.clinicId),
        eq(appointments.patientId, appointment.patientId),
        ne(appointments.id, appointment.id),
      ),
    )
    .limit(1);
  if (earlier) return [];
  const created = await createIntakeFormRequest(tx, {
    clinicId: appointment.clinicId,
    patient: params.patient,
    trigger: "first_visit",
    sentById: null,
    appointmentId: appointment.id,
    now,
  });
  await recordAudit(tx, {
    clinicId: appointment.clinicId,
    actorUserId: null,
    action: "form_request.send",
    entityType: "form_request",
    entityId: created.formRequestId,
    metadata: { trigger: "first_visit", appointmentId: appointment.id },
  });
  return created.scheduled;
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
