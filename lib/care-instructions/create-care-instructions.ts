import type { Db } from "@/db/client";
import { careInstructions } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { fieldErrorsOf } from "@/lib/errors";
import { runChange } from "@/lib/domain-events/run-change";
import { createSecureLink, DEFAULT_LINK_TTL_DAYS } from "@/lib/links/secure-links";
import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { getPatient } from "@/lib/patients/queries";
import { careInstructionsInputSchema } from "./schemas";
import { findPatientVisit } from "./queries";

export type CreateCareInstructionsResult =
  | { ok: true; careInstructionsId: string; linkId: string; scheduled: ScheduledDelivery[] }
  | { ok: false; error: "invalid"; fieldErrors: Record<string, string> }
  | { ok: false; error: "notFound" | "forbidden" };

/**
 * A doctor writes care instructions after a visit (from the chart, optionally tied to the visit). The
 * patient gets a 7-day link (purpose care_plan) and a care_instructions_ready message that says only
 * that the doctor's instructions are ready (`link.shared`, planned by notifications in the same transaction).
 * Audited; bad input saves nothing.
 */
export async function createCareInstructions(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<CreateCareInstructionsResult> {
  if (!can(ctx.role, "care_instructions:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const parsed = careInstructionsInputSchema.safeParse(params.input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    if (fieldErrors.patientId) return { ok: false, error: "notFound" };
    return { ok: false, error: "invalid", fieldErrors };
  }
  const input = parsed.data;
  return runChange(db, async (tx, change) => {
    const patient = await getPatient(tx, { clinicId: ctx.clinicId, patientId: input.patientId });
    if (!patient) return { ok: false, error: "notFound" } as const;
    if (
      input.appointmentId &&
      !(await findPatientVisit(tx, { clinicId: ctx.clinicId, patientId: patient.id, appointmentId: input.appointmentId }))
    ) {
      return { ok: false, error: "invalid", fieldErrors: { appointmentId: "notFound" } } as const;
    }
    const [row] = await tx
      .insert(careInstructions)
      .values({
        clinicId: ctx.clinicId,
        patientId: patient.id,
        doctorId: ctx.userId,
        appointmentId: input.appointmentId ?? null,
        body: input.body,
        createdAt: now,
      })
      .returning({ id: careInstructions.id });
    const link = await createSecureLink(tx, {
      clinicId: ctx.clinicId,
      patientId: patient.id,
      purpose: "care_plan",
      targetId: row.id,
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
      action: "care_instructions.create",
      entityType: "care_instructions",
      entityId: row.id,
      metadata: { fields: ["body", ...(input.appointmentId ? ["appointmentId"] : [])] },
    });
    return { ok: true, careInstructionsId: row.id, linkId: link.id, scheduled } as const;
  });
}
