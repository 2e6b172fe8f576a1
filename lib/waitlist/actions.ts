"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { addWaitlistEntry, removeWaitlistEntry } from "./entries";
import { getFreedSlotState, offerFreedSlot, type OfferFreedSlotResult } from "./offer-freed-slot";
import { saveWaitlistSettings } from "./settings";

export interface WaitlistFormState {
  ok?: boolean;
  fieldErrors?: Record<string, string>;
  formError?: "notFound" | "forbidden";
  values?: Record<string, string>;
}

/** Adds a waitlist entry from the Waitlist page or a patient's chart (`patientId` fixed there). */
export async function addWaitlistEntryAction(
  patientId: string | null,
  _prev: WaitlistFormState,
  formData: FormData,
): Promise<WaitlistFormState> {
  const ctx = await requireStaff();
  const values = Object.fromEntries(
    [...formData.entries()].filter(([key]) => !key.startsWith("$") && key !== "weekdays").map(([k, v]) => [k, String(v)]),
  );
  const weekdays = formData.getAll("weekdays").map(String);
  const input = { ...values, weekdays, ...(patientId ? { patientId } : {}) };
  const result = await addWaitlistEntry(await getDb(), ctx, { input });
  if (!result.ok) {
    const kept = { ...values, weekdays: weekdays.join(",") };
    return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values: kept } : { formError: result.error, values: kept };
  }
  const locale = await getLocale();
  revalidatePath(`/${locale}/waitlist`);
  if (patientId) revalidatePath(`/${locale}/patients/${patientId}`);
  return { ok: true };
}

/** Takes an entry off the waitlist (the row's "Remove" button). */
export async function removeWaitlistEntryAction(formData: FormData): Promise<void> {
  const ctx = await requireStaff();
  await removeWaitlistEntry(await getDb(), ctx, { entryId: String(formData.get("entryId") ?? "") });
  revalidatePath(`/${await getLocale()}/waitlist`);
}

export interface WaitlistSettingsFormState {
  ok?: boolean;
  fieldErrors?: Record<string, string>;
  formError?: "forbidden";
}

/** Saves the clinic's waitlist rules (admins), from the Waitlist page. */
export async function saveWaitlistSettingsAction(_prev: WaitlistSettingsFormState, formData: FormData): Promise<WaitlistSettingsFormState> {
  const ctx = await requireStaff();
  const input = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]));
  const result = await saveWaitlistSettings(await getDb(), ctx, { input });
  if (!result.ok) return result.error === "invalid" ? { fieldErrors: result.fieldErrors } : { formError: result.error };
  revalidatePath(`/${await getLocale()}/waitlist`);
  return { ok: true };
}

/** The calendar's freed slot of a cancelled visit: its offer summary and whether "Ofrecer" applies (null if not this clinic's). */
export async function getFreedSlotAction(appointmentId: string) {
  const ctx = await requireStaff("appointments:read");
  return getFreedSlotState(await getDb(), { clinicId: ctx.clinicId, appointmentId: String(appointmentId), now: new Date() });
}

/** Staff press "Ofrecer" on a cancelled visit's slot: the same offer code as an automatic offer. */
export async function offerFreedSlotAction(appointmentId: string): Promise<OfferFreedSlotResult> {
  const ctx = await requireStaff();
  const result = await offerFreedSlot(await getDb(), ctx, { appointmentId: String(appointmentId) });
  if (result.ok) revalidatePath(`/${await getLocale()}/waitlist`);
  return result;
}
