"use server";

import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
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
  const [account, settings, [doctor]] = await Promise.all([
    getClinicAccount(db, { clinicId: ctx.clinicId }),
    getNotificationSettings(db, { clinicId: ctx.clinicId }),
    // The sample doctor is one of the clinic's own (the first by name), as its patients will read them.
    db
      .select({ name: users.name, title: users.title })
      .from(users)
      .where(and(eq(users.clinicId, ctx.clinicId), eq(users.role, "doctor"), isNull(users.disabledAt)))
      .orderBy(asc(users.name))
      .limit(1),
  ]);
  return renderTemplatePreviews({
    type: parsed.data,
    clinic: {
      name: ctx.clinic.name,
      timezone: ctx.clinic.timezone,
      reminderLeadHours: settings.reminderLeadHours,
      videoRoomBaseUrl: account?.videoRoomBaseUrl,
      address: account?.address,
    },
    doctor: doctor ?? null,
    now: new Date(),
  });
}
