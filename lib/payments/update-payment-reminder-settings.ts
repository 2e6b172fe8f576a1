import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { charges, paymentSettings, secureLinks } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { runChange } from "@/lib/domain-events/run-change";
import { replanChargeReminders } from "@/lib/notifications/plan-payment-request";
import { paymentReminderSettingsSchema } from "./reminder-settings";

export type UpdatePaymentReminderSettingsResult = { ok: true; replanned: number } | { ok: false; error: "forbidden" | "invalid" };

/**
 * Settings → Payments (admins): whether balance reminders go out and when. Requests sent from now on follow
 * it, and so do the reminders of requests already out: each open charge whose payment link still opens has
 * its pending reminders re-planned to the new schedule (replanChargeReminders), in the same change; the
 * driver hears after commit. Audited; bad input writes nothing.
 */
export async function updatePaymentReminderSettings(
  db: Db,
  ctx: StaffContext,
  params: { input: unknown; now?: Date },
): Promise<UpdatePaymentReminderSettingsResult> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const parsed = paymentReminderSettingsSchema.safeParse(params.input);
  if (!parsed.success) return { ok: false, error: "invalid" };
  const now = params.now ?? new Date();
  const values = { ...parsed.data, updatedAt: now };
  const replanned = await runChange(db, async (tx, change) => {
    await tx
      .insert(paymentSettings)
      .values({ clinicId: ctx.clinicId, ...values })
      .onConflictDoUpdate({ target: paymentSettings.clinicId, set: values });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "payment_settings.update",
      entityType: "clinic",
      entityId: ctx.clinicId,
      metadata: parsed.data,
    });
    // The clinic's open charges with a live payment link (a request went out and may still be reminded).
    const open = await tx
      .selectDistinct({ id: charges.id })
      .from(charges)
      .innerJoin(
        secureLinks,
        and(
          eq(secureLinks.clinicId, charges.clinicId),
          eq(secureLinks.targetId, charges.id),
          eq(secureLinks.purpose, "payment"),
          isNull(secureLinks.revokedAt),
          gt(secureLinks.expiresAt, now),
        ),
      )
      .where(and(eq(charges.clinicId, ctx.clinicId), eq(charges.status, "open")));
    let count = 0;
    for (const charge of open) {
      const effects = await replanChargeReminders(tx, { clinicId: ctx.clinicId, chargeId: charge.id, now });
      if (effects.changedSubjects.length) count += 1;
      change.handOver(effects);
    }
    return count;
  });
  return { ok: true, replanned };
}
