"use server";

import { getDb } from "@/db/client";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { submitIntakeAnswers } from "@/lib/forms/submit-intake-answers";
import type { IntakeFieldErrors } from "@/lib/forms/schemas";
import { linkRequestNow } from "../_lib/link-request";

export interface IntakeFormState {
  ok?: boolean;
  firstSubmission?: boolean;
  fieldErrors?: IntakeFieldErrors;
  formError?: "expired" | "unexpected";
  /** What the patient typed, shown again (React 19 resets uncontrolled forms after an action). */
  values?: Record<string, string>;
}

/**
 * The patient submits (or changes) their intake form. The token is checked again at submit time: a link
 * that expired or was revoked since the page opened saves nothing. The form request, clinic and patient
 * come from the link, never from the page.
 */
export async function submitIntakeFormAction(token: string, _prev: IntakeFormState, formData: FormData): Promise<IntakeFormState> {
  const values = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]));
  const db = await getDb();
  const now = await linkRequestNow();
  const resolved = await resolveSecureLink(db, token, now);
  if (resolved.status !== "ok" || resolved.link.purpose !== "form") return { formError: "expired", values };
  const result = await submitIntakeAnswers(db, {
    clinicId: resolved.clinic.id,
    patientId: resolved.patient.id,
    formRequestId: resolved.link.targetId,
    input: values,
    now,
  });
  if (!result.ok) {
    return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: "expired", values };
  }
  return { ok: true, firstSubmission: result.firstSubmission, values };
}
