"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { createCareInstructions } from "./create-care-instructions";

export interface CareInstructionsFormState {
  ok?: boolean;
  fieldErrors?: Partial<Record<"body" | "appointmentId", string>>;
  formError?: "notFound" | "forbidden";
  values?: Record<string, string>;
}

export async function createCareInstructionsAction(
  patientId: string,
  _prev: CareInstructionsFormState,
  formData: FormData,
): Promise<CareInstructionsFormState> {
  const ctx = await requireStaff();
  const values = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]));
  const result = await createCareInstructions(await getDb(), ctx, { input: { ...values, patientId } });
  if (!result.ok) return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: result.error, values };
  revalidatePath(`/${await getLocale()}/patients/${patientId}`);
  return { ok: true };
}
