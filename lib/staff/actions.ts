"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { saveDoctorSettings, type SaveDoctorResult } from "./doctors";

/** Settings → Doctors' save; the role check and the clinic check are in `saveDoctorSettings`. */
export async function saveDoctorSettingsAction(input: unknown): Promise<SaveDoctorResult> {
  const ctx = await requireStaff();
  const result = await saveDoctorSettings(await getDb(), ctx, input);
  // Doctors' names show on the calendar, the chart and the messages' previews.
  if (result.ok && result.changed.length > 0) revalidatePath(`/${await getLocale()}`, "layout");
  return result;
}
