import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, charges } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { fieldErrorsOf } from "@/lib/errors";
import { recordPaymentEvent } from "./history";
import { parseMoneyInput } from "./money";
import { addChargeInputSchema } from "./schemas";

export type AddChargeResult =
  | { ok: true; chargeId: string }
  | { ok: false; error: "invalid"; fieldErrors: Record<string, string> }
  | { ok: false; error: "notFound" | "forbidden" };

/**
 * Staff add a charge to a visit of their clinic (another clinic's visit is "not found"). The amount is
 * parsed to integer minor units; bad input writes nothing. Audited, and the first line of its history.
 */
export async function addCharge(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<AddChargeResult> {
  if (!can(ctx.role, "payments:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const parsed = addChargeInputSchema.safeParse(params.input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    if (fieldErrors.appointmentId) return { ok: false, error: "notFound" };
    return { ok: false, error: "invalid", fieldErrors };
  }
  const input = parsed.data;
  const amount = parseMoneyInput(input.amount, input.currency);
  if (!amount.ok) return { ok: false, error: "invalid", fieldErrors: { amount: amount.error } };
  return db.transaction(async (tx) => {
    const [visit] = await tx
      .select({ id: appointments.id, patientId: appointments.patientId })
      .from(appointments)
      .where(and(eq(appointments.clinicId, ctx.clinicId), eq(appointments.id, input.appointmentId)))
      .limit(1);
    if (!visit) return { ok: false, error: "notFound" } as const;
    const [charge] = await tx
      .insert(charges)
      .values({
        clinicId: ctx.clinicId,
        patientId: visit.patientId,
        appointmentId: visit.id,
        concept: input.concept,
        amountMinor: amount.amountMinor,
        currency: input.currency,
        dueDate: input.dueDate ?? null,
        createdById: ctx.userId,
        createdAt: now,
      })
      .returning({ id: charges.id });
    await recordPaymentEvent(tx, {
      clinicId: ctx.clinicId,
      chargeId: charge.id,
      type: "charge.created",
      source: "staff",
      actorUserId: ctx.userId,
      metadata: { amountMinor: amount.amountMinor, currency: input.currency },
      now,
    });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "charge.create",
      entityType: "charge",
      entityId: charge.id,
      metadata: { appointmentId: visit.id, amountMinor: amount.amountMinor, currency: input.currency, dueDate: Boolean(input.dueDate) },
    });
    return { ok: true, chargeId: charge.id } as const;
  });
}
