"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { updateMessagingSettings } from "./clinic-messaging";
import { messagingInputFromForm, type MessagingFieldError } from "./schemas";

/** What the settings form shows after submitting: field error codes (`messaging.errors`) and the typed values back (never the token). */
export interface MessagingFormState {
  ok?: boolean;
  formError?: "forbidden" | "secretsKeyMissing";
  fieldErrors?: Record<string, MessagingFieldError>;
  values?: Record<string, string>;
}

export async function updateMessagingSettingsAction(_prev: MessagingFormState, formData: FormData): Promise<MessagingFormState> {
  const ctx = await requireStaff("settings:read");
  const values = Object.fromEntries(
    [...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([key, value]) => [key, String(value)]),
  );
  const result = await updateMessagingSettings(await getDb(), ctx, { input: messagingInputFromForm(values) });
  // The token typed goes nowhere but the encrypted column: not back to the browser.
  const { authToken: _token, ...echo } = values;
  void _token;
  if (!result.ok)
    return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values: echo } : { formError: result.error, values: echo };
  revalidatePath(`/${await getLocale()}/settings/messaging`);
  // Echoed on success too: React resets the form after the action, to these values.
  return { ok: true, values: echo };
}
