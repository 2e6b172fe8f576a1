import { and, eq, isNull } from "drizzle-orm";
import { runChange } from "@/lib/domain-events/run-change";
import { publishIfSettled } from "./settle";
import type { Db } from "@/db/client";
import { charges, secureLinks } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { fieldErrorsOf } from "@/lib/errors";
import { getChargeWithBalance } from "./balances";
import { recordPaymentEvent } from "./history";
import { voidChargeInputSchema } from "./schemas";

export type VoidChargeResult =
  | { ok: true }
  | { ok: false; error: "invalid"; fieldErrors: Record<string, string> }
  | { ok: false; error: "notFound" | "forbidden" | "alreadyVoid" | "hasPayments" };

/**
 * An admin voids a charge with a reason. A charge with money collected (or an OXXO/SPEI payment in
 * flight) cannot be voided: that money must be refunded at the provider first. Its payment links stop
 * working at once. Audited; locks the charge so a payment landing at the same moment is not lost.
 */
export async function voidCharge(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<VoidChargeResult> {
  if (!can(ctx.role, "payments:void")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const parsed = voidChargeInputSchema.safeParse(params.input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    if (fieldErrors.chargeId) return { ok: false, error: "notFound" };
    return { ok: false, error: "invalid", fieldErrors };
  }
  const input = parsed.data;
  return runChange(db, async (tx, change) => {
    const [locked] = await tx
      .select({ id: charges.id })
      .from(charges)
      .where(and(eq(charges.clinicId, ctx.clinicId), eq(charges.id, input.chargeId)))
      .for("update");
    if (!locked) return { ok: false, error: "notFound" } as const;
    const charge = await getChargeWithBalance(tx, { clinicId: ctx.clinicId, chargeId: input.chargeId });
    if (!charge) return { ok: false, error: "notFound" } as const;
    if (charge.status === "void") return { ok: false, error: "alreadyVoid" } as const;
    if (charge.collectedMinor > 0 || charge.pendingMinor > 0) return { ok: false, error: "hasPayments" } as const;
    await tx
      .update(charges)
      .set({ status: "void", voidedAt: now, voidedById: ctx.userId, voidReason: input.reason })
      .where(and(eq(charges.clinicId, ctx.clinicId), eq(charges.id, charge.id)));
    await tx
      .update(secureLinks)
      .set({ revokedAt: now })
      .where(
        and(
          eq(secureLinks.clinicId, ctx.clinicId),
          eq(secureLinks.purpose, "payment"),
          eq(secureLinks.targetId, charge.id),
          isNull(secureLinks.revokedAt),
        ),
      );
    await publishIfSettled(tx, change, { clinicId: ctx.clinicId, chargeId: charge.id, now });
    await recordPaymentEvent(tx, {
      clinicId: ctx.clinicId,
      chargeId: charge.id,
      type: "charge.voided",
      source: "staff",
      actorUserId: ctx.userId,
      now,
    });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "charge.void",
      entityType: "charge",
      entityId: charge.id,
      // The reason is staff-written and may name a test: the audit keeps that there was one, the charge keeps it.
      metadata: { amountMinor: charge.amountMinor, currency: charge.currency, reason: true },
    });
    return { ok: true } as const;
  });
}
