"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { getClinicAccount } from "@/lib/clinics/account";
import { CONFIGURABLE_NOTIFICATION_TYPES, type NotificationType } from "./registry";
import { renderTemplatePreviews, type TemplatePreviews } from "./preview-templates";
import { getNotificationSettings } from "./settings";

const typeSchema = z.enum(CONFIGURABLE_NOTIFICATION_TYPES as [NotificationType, ...NotificationType[]]);

/** The previews of one row of the settings grid, for anyone who may preview templates (doctors, front desk, admins). */
export async function previewTemplatesAction(type: string): Promise<TemplatePreviews | null> {
  const ctx = await requireStaff("templates:preview");
  const parsed = typeSchema.safeParse(type);
  if (!parsed.success) return null;
  const db = await getDb();
  const [account, settings] = await Promise.all([
    getClinicAccount(db, { clinicId: ctx.clinicId }),
    getNotificationSettings(db, { clinicId: ctx.clinicId }),
  ]);
  return renderTemplatePreviews({
    type: parsed.data,
    clinic: {
      name: ctx.clinic.name,
      timezone: ctx.clinic.timezone,
      reminderLeadHours: settings.reminderLeadHours,
      videoRoomBaseUrl: account?.videoRoomBaseUrl,
    },
    now: new Date(),
  });
}
