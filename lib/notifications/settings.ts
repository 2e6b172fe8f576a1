import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics, notificationSettings, type Channel } from "@/db/schema";
import { NOTIFICATION_REGISTRY, NOTIFICATION_TYPES, type NotificationType } from "./registry";

export type ChannelMatrix = Record<NotificationType, Record<Channel, boolean>>;

export interface ClinicNotificationSettings {
  channels: ChannelMatrix;
  reminderLeadHours: number;
}

/** The registry's defaults, overridden by the rows the clinic has saved (one per type × channel). */
export async function getNotificationSettings(db: Db, params: { clinicId: string }): Promise<ClinicNotificationSettings> {
  const [rows, [clinic]] = await Promise.all([
    db
      .select({ type: notificationSettings.notificationType, channel: notificationSettings.channel, enabled: notificationSettings.enabled })
      .from(notificationSettings)
      .where(eq(notificationSettings.clinicId, params.clinicId)),
    db.select({ reminderLeadHours: clinics.reminderLeadHours }).from(clinics).where(eq(clinics.id, params.clinicId)).limit(1),
  ]);
  const matrix = Object.fromEntries(
    NOTIFICATION_TYPES.map((type) => [type, { ...NOTIFICATION_REGISTRY[type].defaultChannels }]),
  ) as ChannelMatrix;
  for (const row of rows) {
    if (row.type in matrix) matrix[row.type as NotificationType][row.channel] = row.enabled;
  }
  return { channels: matrix, reminderLeadHours: clinic?.reminderLeadHours ?? 24 };
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

