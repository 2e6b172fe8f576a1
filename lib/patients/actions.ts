"use server";

import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { savePatient, type FieldErrors, type PhoneTakenBy } from "./save-patient";

export interface PatientFormState {
  fieldErrors?: FieldErrors;
  /** The clinic's patient who already has the typed phone (first name, last four digits, chart link). */
  phoneTakenBy?: PhoneTakenBy;
  formError?: "notFound" | "forbidden";
  /** What was submitted, so React 19's form reset does not wipe the staff member's typing. */
  values?: Record<string, string>;
}

export async function savePatientAction(
  patientId: string | undefined,
  _prev: PatientFormState,
  formData: FormData,
): Promise<PatientFormState> {
  const ctx = await requireStaff();
  const input = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]));
  const result = await savePatient(await getDb(), ctx, { patientId, input });
  if (!result.ok) {
    return result.error === "invalid"
      ? { fieldErrors: result.fieldErrors, phoneTakenBy: result.phoneTakenBy, values: input }
      : { formError: result.error, values: input };
  }
  redirect(`/${await getLocale()}/patients/${result.patientId}?saved=${patientId ? "updated" : "created"}`);
}
