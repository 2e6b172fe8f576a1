"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { changeChannelSetting, changeQuietHours, changeReminderLead, type ReplanningSettingsResult } from "./change-settings";
import { handToDriver } from "./drivers/current";

/** What the settings screen is told: saved, and how many booked visits it changed (computed by the re-plan). */
export type SettingsSavedResult = { ok: true; visitsChanged: number } | { ok: false; error: "forbidden" | "invalid" };

async function afterReplan(result: ReplanningSettingsResult): Promise<SettingsSavedResult> {
  if (!result.ok) return result;
  // Cancelled reminders need no word to the driver: a claimed row that is no longer scheduled is never sent.
  await handToDriver({ changedSubjects: [], scheduled: result.scheduled });
  revalidatePath(`/${await getLocale()}/settings/schedule/reminders`);
  return { ok: true, visitsChanged: result.visitsChanged };
}

export async function setChannelAction(input: {
  notificationType: string;
  channel: string;
  enabled: boolean;
}): Promise<SettingsSavedResult> {
  return afterReplan(await changeChannelSetting(await getDb(), await requireStaff(), input));
}

export async function setReminderLeadAction(hours: number): Promise<SettingsSavedResult> {
  return afterReplan(await changeReminderLead(await getDb(), await requireStaff(), { hours }));
}

export async function setQuietHoursAction(input: { enabled: boolean; start: string; end: string }) {
  const result = await changeQuietHours(await getDb(), await requireStaff(), input);
  if (result.ok) revalidatePath(`/${await getLocale()}/settings/schedule/reminders`);
  return result;
}
