"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { sendIntakeForm, setIntakeFormOnFirstVisit } from "./send-intake-form";

export interface SendIntakeFormState {
  ok?: boolean;
  formError?: "notFound" | "forbidden";
}

export async function sendIntakeFormAction(
  patientId: string,
  _prev: SendIntakeFormState,
  _formData: FormData,
): Promise<SendIntakeFormState> {
  const ctx = await requireStaff();
  const result = await sendIntakeForm(await getDb(), ctx, { patientId });
  if (!result.ok) return { formError: result.error };
  revalidatePath(`/${await getLocale()}/patients/${patientId}`);
  return { ok: true };
}

export async function setIntakeFormOnFirstVisitAction(enabled: boolean): Promise<{ ok: boolean }> {
  const result = await setIntakeFormOnFirstVisit(await getDb(), await requireStaff(), { enabled: enabled === true });
  if (result.ok) revalidatePath(`/${await getLocale()}/settings`, "layout");
  return { ok: result.ok };
}
