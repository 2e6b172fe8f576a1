import { z } from "zod";
import type { Db } from "@/db/client";
import { channels } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { CONFIGURABLE_NOTIFICATION_TYPES, REMINDER_LEAD_HOURS } from "./registry";
import { setNotificationChannel, setQuietHours, setReminderLeadHours } from "./settings";
import { timeOfDaySchema } from "./quiet-hours";
import { lockClinicSettings, replanFutureVisits } from "./replan-future-visits";
import type { ScheduledDelivery } from "./insert-deliveries";

const channelToggleSchema = z.object({
  notificationType: z.enum(CONFIGURABLE_NOTIFICATION_TYPES as [string, ...string[]]),
  channel: z.enum(channels),
  enabled: z.boolean(),
});

const leadSchema = z.object({ hours: z.coerce.number().refine((h) => (REMINDER_LEAD_HOURS as readonly number[]).includes(h)) });

const quietHoursSchema = z
  .object({ enabled: z.boolean(), start: timeOfDaySchema, end: timeOfDaySchema })
  // An empty window would look on and hold nothing.
  .refine((q) => !q.enabled || q.start !== q.end, { path: ["end"], message: "same_as_start" });

export type ChangeSettingsResult = { ok: true } | { ok: false; error: "forbidden" | "invalid" };

/**
 * A change that reaches booked visits: how many future visits had their pending messages re-planned, and
 * the rows to hand the driver after commit.
 */
export type ReplanningSettingsResult =
  { ok: true; visitsChanged: number; scheduled: ScheduledDelivery[] } | { ok: false; error: "forbidden" | "invalid" };

/**
 * Turns one type × channel on or off for the staff member's clinic (admins only) and, in the same
 * transaction, re-plans the pending messages of its future visits; audited with how many visits changed.
 */
export async function changeChannelSetting(db: Db, ctx: StaffContext, input: unknown, now = new Date()): Promise<ReplanningSettingsResult> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const parsed = channelToggleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid" };
  const { notificationType, channel, enabled } = parsed.data;
  return db.transaction(async (tx) => {
    await lockClinicSettings(tx, { clinicId: ctx.clinicId, mode: "no key update" });
    await setNotificationChannel(tx, { clinicId: ctx.clinicId, notificationType: notificationType as never, channel, enabled, now });
    const { visitsChanged, scheduled } = await replanFutureVisits(tx, { clinicId: ctx.clinicId, now });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "settings.channel",
      entityType: "notification_setting",
      entityId: `${notificationType}:${channel}`,
      metadata: { enabled, visitsChanged },
    });
    return { ok: true, visitsChanged, scheduled } as const;
  });
}

/**
 * Sets how long before a visit the reminder goes out (48/24/12/2 h; admins only) and, in the same
 * transaction, moves the pending reminders of future visits to the new lead; audited with how many changed.
 */
export async function changeReminderLead(db: Db, ctx: StaffContext, input: unknown, now = new Date()): Promise<ReplanningSettingsResult> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const parsed = leadSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid" };
  return db.transaction(async (tx) => {
    await lockClinicSettings(tx, { clinicId: ctx.clinicId, mode: "no key update" });
    await setReminderLeadHours(tx, { clinicId: ctx.clinicId, hours: parsed.data.hours });
    const { visitsChanged, scheduled } = await replanFutureVisits(tx, { clinicId: ctx.clinicId, now });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "settings.reminder_lead",
      entityType: "clinic",
      entityId: ctx.clinicId,
      metadata: { hours: parsed.data.hours, visitsChanged },
    });
    return { ok: true, visitsChanged, scheduled } as const;
  });
}

/**
 * Sets the clinic's quiet hours ("21:00"–"08:00" on its own clock, or off; admins only), audited with
 * the values (times of day, nothing personal).
 */
export async function changeQuietHours(
  db: Db,
  ctx: StaffContext,
  input: unknown,
): Promise<ChangeSettingsResult | { ok: false; error: "same_as_start" }> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const parsed = quietHoursSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.some((i) => i.message === "same_as_start") ? "same_as_start" : "invalid" };
  }
  const { enabled, start, end } = parsed.data;
  await db.transaction(async (tx) => {
    await setQuietHours(tx, { clinicId: ctx.clinicId, quietHours: { enabled, startMinute: start, endMinute: end } });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "settings.quiet_hours",
      entityType: "clinic",
      entityId: ctx.clinicId,
      metadata: { enabled, startMinute: start, endMinute: end },
    });
  });
  return { ok: true };
}
