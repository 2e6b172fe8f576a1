import { and, eq, isNull } from "drizzle-orm";
import { runChange } from "@/lib/domain-events/run-change";
import { publishIfSettled } from "./settle";
import type { Db } from "@/db/client";
import { charges, payments, users } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { fieldErrorsOf } from "@/lib/errors";
import { getChargeWithBalance } from "./balances";
import { recordPaymentEvent } from "./history";
import { parseMoneyInput } from "./money";
import { recordDeskPaymentInputSchema } from "./schemas";

export type RecordDeskPaymentResult =
  | { ok: true; paymentId: string; balanceMinor: number }
  | { ok: false; error: "invalid"; fieldErrors: Record<string, string> }
  | { ok: false; error: "notFound" | "forbidden" | "void" | "alreadyPaid" };

/**
 * Money taken at the clinic (cash, card terminal, bank transfer): paid at once, with who took it (a
 * staff member of the clinic; the signed-in one by default). The amount defaults to the balance and may
 * not exceed it. The charge is locked so two desks (or a webhook) cannot collect it twice. Audited.
 */
export async function recordDeskPayment(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<RecordDeskPaymentResult> {
  if (!can(ctx.role, "payments:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const parsed = recordDeskPaymentInputSchema.safeParse(params.input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    if (fieldErrors.chargeId) return { ok: false, error: "notFound" };
    return { ok: false, error: "invalid", fieldErrors };
  }
  const input = parsed.data;
  return runChange(db, async (tx, change): Promise<RecordDeskPaymentResult> => {
    const [locked] = await tx
      .select({ id: charges.id })
      .from(charges)
      .where(and(eq(charges.clinicId, ctx.clinicId), eq(charges.id, input.chargeId)))
      .for("update");
    if (!locked) return { ok: false, error: "notFound" } as const;
    const charge = await getChargeWithBalance(tx, { clinicId: ctx.clinicId, chargeId: input.chargeId });
    if (!charge) return { ok: false, error: "notFound" } as const;
    if (charge.status === "void") return { ok: false, error: "void" } as const;
    if (charge.balanceMinor <= 0) return { ok: false, error: "alreadyPaid" } as const;
    let amountMinor = charge.balanceMinor;
    if (input.amount.trim() !== "") {
      const amount = parseMoneyInput(input.amount, charge.currency);
      if (!amount.ok) return { ok: false, error: "invalid", fieldErrors: { amount: amount.error } } as const;
      if (amount.amountMinor > charge.balanceMinor)
        return { ok: false, error: "invalid", fieldErrors: { amount: "exceedsBalance" } } as const;
      amountMinor = amount.amountMinor;
    }
    const takenById = input.takenById ?? ctx.userId;
    const [taker] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, takenById), eq(users.clinicId, ctx.clinicId), isNull(users.disabledAt)))
      .limit(1);
    if (!taker) return { ok: false, error: "invalid", fieldErrors: { takenById: "notFound" } } as const;
    const [payment] = await tx
      .insert(payments)
      .values({
        clinicId: ctx.clinicId,
        chargeId: charge.id,
        provider: "desk",
        method: input.method,
        amountMinor,
        currency: charge.currency,
        status: "paid",
        takenById: taker.id,
        createdById: ctx.userId,
        createdAt: now,
        updatedAt: now,
        paidAt: now,
      })
      .returning({ id: payments.id });
    await recordPaymentEvent(tx, {
      clinicId: ctx.clinicId,
      chargeId: charge.id,
      paymentId: payment.id,
      type: "payment.paid",
      source: "staff",
      actorUserId: taker.id,
      metadata: { method: input.method, amountMinor, currency: charge.currency, desk: true },
      now,
    });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "payment.record_desk",
      entityType: "payment",
      entityId: payment.id,
      metadata: { chargeId: charge.id, method: input.method, amountMinor, currency: charge.currency, takenById: taker.id },
    });
    // Paid in full: the request and reminders still pending are cancelled in this transaction.
    await publishIfSettled(tx, change, { clinicId: ctx.clinicId, chargeId: charge.id, now });
    return { ok: true, paymentId: payment.id, balanceMinor: charge.balanceMinor - amountMinor } as const;
  });
}
