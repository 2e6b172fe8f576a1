"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { markAppointmentOutcome, type MarkOutcomeResult } from "@/lib/appointments/change-appointment";
import { changeResultsSettings, type ResultsSettingsField } from "./settings";

/** One click on the "to close" list: the visit attended (completed) or a no-show, recorded with who and when. */
export async function closeVisitAction(input: { appointmentId: string; outcome: string }): Promise<MarkOutcomeResult> {
  const ctx = await requireStaff("appointments:write");
  const result = await markAppointmentOutcome(await getDb(), ctx, {
    input: { appointmentId: String(input.appointmentId), outcome: String(input.outcome) },
  });
  if (result.ok) revalidatePath(`/${await getLocale()}`, "layout");
  return result;
}

export interface ResultsSettingsFormState {
  ok?: boolean;
  savedAt?: number;
  formError?: "forbidden";
  fieldErrors?: Partial<Record<ResultsSettingsField, string>>;
  values?: Record<string, string>;
}

/** Settings → Results; the admin check is in changeResultsSettings. */
export async function saveResultsSettingsAction(_prev: ResultsSettingsFormState, formData: FormData): Promise<ResultsSettingsFormState> {
  const ctx = await requireStaff();
  const values = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]));
  const result = await changeResultsSettings(await getDb(), ctx, values);
  if (!result.ok) return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: result.error, values };
  revalidatePath(`/${await getLocale()}`, "layout");
  return { ok: true, savedAt: Date.now(), values };
}
