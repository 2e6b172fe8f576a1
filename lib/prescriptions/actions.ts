"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { getBlobStore } from "@/lib/storage";
import { createPrescription } from "./create-prescription";
import { itemsFromFormData } from "./schemas";

export interface PrescriptionFormState {
  ok?: boolean;
  /** Codes keyed by field path ("items.0.dose", "instructions", "items"). */
  fieldErrors?: Record<string, string>;
  formError?: "notFound" | "forbidden" | "storage";
  values?: Record<string, string>;
}

export async function createPrescriptionAction(
  patientId: string,
  _prev: PrescriptionFormState,
  formData: FormData,
): Promise<PrescriptionFormState> {
  const ctx = await requireStaff();
  const entries = [...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)] as [string, string]);
  const values = Object.fromEntries(entries);
  const input = { patientId, appointmentId: values.appointmentId, instructions: values.instructions, items: itemsFromFormData(entries) };
  const result = await createPrescription(await getDb(), ctx, { input, store: getBlobStore() });
  if (!result.ok) return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: result.error, values };
  revalidatePath(`/${await getLocale()}/patients/${patientId}`);
  return { ok: true };
}
