import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics, notificationSettings, type Channel } from "@/db/schema";
import { NOTIFICATION_REGISTRY, NOTIFICATION_TYPES, type NotificationType } from "./registry";
import { DEFAULT_QUIET_HOURS, type QuietHours } from "./quiet-hours";

export type ChannelMatrix = Record<NotificationType, Record<Channel, boolean>>;

export interface ClinicNotificationSettings {
  channels: ChannelMatrix;
  reminderLeadHours: number;
  /** On the clinic's clock (lib/notifications/quiet-hours.ts). */
  quietHours: QuietHours;
}

/** The registry's defaults, overridden by the rows the clinic has saved (one per type × channel). */
export async function getNotificationSettings(db: Db, params: { clinicId: string }): Promise<ClinicNotificationSettings> {
  const [rows, [clinic]] = await Promise.all([
    db
      .select({ type: notificationSettings.notificationType, channel: notificationSettings.channel, enabled: notificationSettings.enabled })
      .from(notificationSettings)
      .where(eq(notificationSettings.clinicId, params.clinicId)),
    db
      .select({
        reminderLeadHours: clinics.reminderLeadHours,
        quietHoursEnabled: clinics.quietHoursEnabled,
        quietHoursStartMinute: clinics.quietHoursStartMinute,
        quietHoursEndMinute: clinics.quietHoursEndMinute,
      })
      .from(clinics)
      .where(eq(clinics.id, params.clinicId))
      .limit(1),
  ]);
  const matrix = Object.fromEntries(
    NOTIFICATION_TYPES.map((type) => [type, { ...NOTIFICATION_REGISTRY[type].defaultChannels }]),
  ) as ChannelMatrix;
  for (const row of rows) {
    if (row.type in matrix) matrix[row.type][row.channel] = row.enabled;
  }
  const quietHours = clinic
    ? { enabled: clinic.quietHoursEnabled, startMinute: clinic.quietHoursStartMinute, endMinute: clinic.quietHoursEndMinute }
    : DEFAULT_QUIET_HOURS;
  return { channels: matrix, reminderLeadHours: clinic?.reminderLeadHours ?? 24, quietHours };
}

/** Turns one type × channel on or off for a clinic. */
export async function setNotificationChannel(
  db: Db,
  params: { clinicId: string; notificationType: NotificationType; channel: Channel; enabled: boolean; now?: Date },
) {
  await db
    .insert(notificationSettings)
    .values({ ...params, updatedAt: params.now ?? new Date() })
    .onConflictDoUpdate({
      target: [notificationSettings.clinicId, notificationSettings.notificationType, notificationSettings.channel],
      set: { enabled: params.enabled, updatedAt: params.now ?? new Date() },
    });
}

export async function setReminderLeadHours(db: Db, params: { clinicId: string; hours: number }) {
  await db.update(clinics).set({ reminderLeadHours: params.hours }).where(eq(clinics.id, params.clinicId));
}

export async function setQuietHours(db: Db, params: { clinicId: string; quietHours: QuietHours }) {
  const { enabled, startMinute, endMinute } = params.quietHours;
  await db
    .update(clinics)
    .set({ quietHoursEnabled: enabled, quietHoursStartMinute: startMinute, quietHoursEndMinute: endMinute })
    .where(eq(clinics.id, params.clinicId));
}
