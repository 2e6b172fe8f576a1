"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { changeChannelSetting, changeQuietHours, changeReminderLead, type ChangeSettingsResult } from "./change-settings";

export async function setChannelAction(input: {
  notificationType: string;
  channel: string;
  enabled: boolean;
}): Promise<ChangeSettingsResult> {
  const result = await changeChannelSetting(await getDb(), await requireStaff(), input);
  if (result.ok) revalidatePath(`/${await getLocale()}/settings/schedule/reminders`);
  return result;
}

export async function setReminderLeadAction(hours: number): Promise<ChangeSettingsResult> {
  const result = await changeReminderLead(await getDb(), await requireStaff(), { hours });
  if (result.ok) revalidatePath(`/${await getLocale()}/settings/schedule/reminders`);
  return result;
}

export async function setQuietHoursAction(input: { enabled: boolean; start: string; end: string }) {
  const result = await changeQuietHours(await getDb(), await requireStaff(), input);
  if (result.ok) revalidatePath(`/${await getLocale()}/settings/schedule/reminders`);
  return result;
}
