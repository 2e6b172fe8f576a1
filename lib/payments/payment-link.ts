import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { charges } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { createSecureLink } from "@/lib/links/secure-links";
import { getChargeWithBalance } from "./balances";
import { recordPaymentEvent } from "./history";
import { chargeIdSchema } from "./schemas";

export type CreatePaymentLinkResult =
  { ok: true; linkId: string; url: string; expiresAt: Date } | { ok: false; error: "notFound" | "forbidden" | "void" | "alreadyPaid" };

/**
 * A patient payment link for a charge (purpose "payment", the 7-day hashed-token link of lib/links,
 * reusable until the charge is paid). It returns the URL for staff to copy; the payment-request message
 * that will carry it is not sent from here (it belongs to the notification engine's kinds).
 */
export async function createPaymentLink(
  db: Db,
  ctx: StaffContext,
  params: { chargeId: string; now?: Date },
): Promise<CreatePaymentLinkResult> {
  if (!can(ctx.role, "payments:write")) return { ok: false, error: "forbidden" };
  if (!chargeIdSchema.safeParse(params.chargeId).success) return { ok: false, error: "notFound" };
  const now = params.now ?? new Date();
  return db.transaction(async (tx): Promise<CreatePaymentLinkResult> => {
    const [locked] = await tx
      .select({ id: charges.id, patientId: charges.patientId })
      .from(charges)
      .where(and(eq(charges.clinicId, ctx.clinicId), eq(charges.id, params.chargeId)))
      .for("update");
    if (!locked) return { ok: false, error: "notFound" };
    const charge = await getChargeWithBalance(tx, { clinicId: ctx.clinicId, chargeId: locked.id });
    if (!charge) return { ok: false, error: "notFound" };
    if (charge.state === "void") return { ok: false, error: "void" };
    if (charge.balanceMinor <= 0) return { ok: false, error: "alreadyPaid" };
    const link = await createSecureLink(tx, {
      clinicId: ctx.clinicId,
      patientId: locked.patientId,
      purpose: "payment",
      targetId: charge.id,
      createdById: ctx.userId,
      now,
    });
    await recordPaymentEvent(tx, {
      clinicId: ctx.clinicId,
      chargeId: charge.id,
      type: "link.shared",
      source: "staff",
      actorUserId: ctx.userId,
      metadata: { linkId: link.id },
      now,
    });
    return { ok: true, linkId: link.id, url: link.url, expiresAt: link.expiresAt };
  });
}
