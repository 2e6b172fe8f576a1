"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { changeClinicAccount } from "./account";
import type { ClinicAccountField } from "./schemas";

export interface ClinicAccountFormState {
  ok?: boolean;
  /** Bumped on every successful save, so the form can toast once per save. */
  savedAt?: number;
  formError?: "forbidden";
  fieldErrors?: Partial<Record<ClinicAccountField, string>>;
  /** What was submitted, so React 19's form reset does not wipe what the admin typed. */
  values?: Record<string, string>;
}

/** The account form's action; the role check is in `changeClinicAccount`, so calling it directly as staff changes nothing. */
export async function saveClinicAccountAction(_prev: ClinicAccountFormState, formData: FormData): Promise<ClinicAccountFormState> {
  const ctx = await requireStaff();
  const values = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]));
  const result = await changeClinicAccount(await getDb(), ctx, values);
  if (!result.ok) return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: result.error, values };
  // The clinic's name and zone show on every staff page.
  revalidatePath(`/${await getLocale()}`, "layout");
  return { ok: true, savedAt: Date.now() };
}
