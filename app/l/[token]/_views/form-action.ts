"use server";

import { getDb } from "@/db/client";
import { submitIntakeFormWithToken } from "@/lib/forms/submit-intake-answers";
import type { IntakeFieldErrors } from "@/lib/forms/schemas";

export interface IntakeFormState {
  ok?: boolean;
  firstSubmission?: boolean;
  fieldErrors?: IntakeFieldErrors;
  formError?: "expired" | "unexpected";
  /** What the patient typed, shown again (React 19 resets uncontrolled forms after an action). */
  values?: Record<string, string>;
}

/** The patient submits (or changes) their intake form; the token is checked again at submit time. */
export async function submitIntakeFormAction(token: string, _prev: IntakeFormState, formData: FormData): Promise<IntakeFormState> {
  // A server action is a public endpoint: its arguments are whatever a client sent, whatever the types say.
  if (typeof token !== "string" || !(formData instanceof FormData)) return { formError: "unexpected" };
  const values = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]));
  const result = await submitIntakeFormWithToken(await getDb(), { token, input: values, now: new Date() });
  if (!result.ok) {
    return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: "expired", values };
  }
  return { ok: true, firstSubmission: result.firstSubmission, values };
}
