import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { charges } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { runChange } from "@/lib/domain-events/run-change";
import { createSecureLink } from "@/lib/links/secure-links";
import type { MessageForecast } from "@/lib/notifications/forecast-messages";
import { getChargeWithBalance } from "./balances";
import { recordPaymentEvent } from "./history";
import { getPaymentReminderSettings, paymentLinkTtlDays } from "./reminder-settings";
import { chargeIdSchema } from "./schemas";

export type CreatePaymentLinkResult =
  | {
      ok: true;
      linkId: string;
      url: string;
      expiresAt: Date;
      /** What will really happen to the request and each reminder, as the engine decides it (the toast). */
      forecast: MessageForecast[];
    }
  | { ok: false; error: "notFound" | "forbidden" | "void" | "alreadyPaid" };

/**
 * A patient payment link for a charge (purpose "payment", the hashed-token link of lib/links, 7 days or as
 * long as the clinic's reminder schedule needs, reusable until the charge is paid), sent to the patient:
 * `payment.requested` is published in the same change, and its listener plans the payment-request message
 * and the balance reminders (lib/notifications/plan-payment-request.ts). Returns the URL (staff may also
 * copy it) and the forecast of the messages.
 */
export async function createPaymentLink(
  db: Db,
  ctx: StaffContext,
  params: { chargeId: string; now?: Date },
): Promise<CreatePaymentLinkResult> {
  if (!can(ctx.role, "payments:write")) return { ok: false, error: "forbidden" };
  if (!chargeIdSchema.safeParse(params.chargeId).success) return { ok: false, error: "notFound" };
  const now = params.now ?? new Date();
  return runChange(db, async (tx, change): Promise<CreatePaymentLinkResult> => {
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
    const reminderSettings = await getPaymentReminderSettings(tx, { clinicId: ctx.clinicId });
    const link = await createSecureLink(tx, {
      clinicId: ctx.clinicId,
      patientId: locked.patientId,
      purpose: "payment",
      targetId: charge.id,
      createdById: ctx.userId,
      ttlDays: paymentLinkTtlDays({ settings: reminderSettings, now, dueDate: charge.dueDate }),
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
    const { forecast, scheduled } = await change.publish({
      type: "payment.requested",
      clinicId: ctx.clinicId,
      patientId: locked.patientId,
      chargeId: charge.id,
      dueDate: charge.dueDate,
      link: { id: link.id, url: link.url, expiresAt: link.expiresAt },
      now,
    });
    // The history says on which channel the request went ("Pago solicitado (WhatsApp)", at its time).
    const request = scheduled.find((d) => d.notificationType === "payment_request");
    if (request) {
      await recordPaymentEvent(tx, {
        clinicId: ctx.clinicId,
        chargeId: charge.id,
        type: "payment.requested",
        source: "staff",
        actorUserId: ctx.userId,
        metadata: { linkId: link.id, deliveryId: request.id, channel: request.channel },
        now,
      });
    }
    return { ok: true, linkId: link.id, url: link.url, expiresAt: link.expiresAt, forecast };
  });
}
