"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Locale } from "@/db/schema";
import { requireStaff } from "@/lib/auth/session";
import { minutesToWait } from "@/lib/auth/sign-in-throttle";
import { clientKeyOf } from "@/lib/security/client-address";
import { staffMailIsEmbedded } from "@/lib/staff-mail/send";
import { confirmClinicSignUp } from "./confirm-sign-up";
import { requestClinicSignUp } from "./request-sign-up";
import { SIGN_UP_FIELDS, type SignUpField } from "./schemas";
import { recordSetupChoice, type SetupChoice } from "./setup-checklist";

const asLocale = (value: string): Locale => (value === "en" ? "en" : "es");

export interface SignUpState {
  sentTo?: string;
  /** Embedded mode only (no email leaves the machine): the email Luna would have sent, shown on the page. */
  embeddedEmail?: { subject: string; html: string };
  error?: "fields" | "throttled";
  minutes?: number;
  fieldErrors?: Partial<Record<SignUpField, string>>;
  /** What was typed, but the password (React 19 resets uncontrolled inputs after an action). */
  values?: Partial<Record<SignUpField, string>>;
}

/** /sign-up: the answer is "check your email" for a new address and for one that has an account alike. */
export async function signUpAction(_prev: SignUpState, formData: FormData): Promise<SignUpState> {
  const input = Object.fromEntries(SIGN_UP_FIELDS.map((field) => [field, String(formData.get(field) ?? "")]));
  const { password: _password, ...values } = input;
  const result = await requestClinicSignUp(await getDb(), {
    input,
    locale: asLocale(await getLocale()),
    clientKey: clientKeyOf(await headers()),
  });
  if (!result.ok) {
    if (result.error === "throttled") return { error: "throttled", minutes: minutesToWait(result.retryAfterSeconds), values };
    return { error: "fields", fieldErrors: result.fieldErrors, values };
  }
  return {
    sentTo: result.email.toEmail,
    embeddedEmail: staffMailIsEmbedded() ? { subject: result.email.subject, html: result.email.html } : undefined,
  };
}

export interface ConfirmSignUpState {
  done?: boolean;
  error?: "invalid" | "alreadyMember";
}

export async function confirmSignUpAction(token: string, _prev: ConfirmSignUpState): Promise<ConfirmSignUpState> {
  const result = await confirmClinicSignUp(await getDb(), { token: String(token) });
  return result.ok ? { done: true } : { error: result.error };
}

/** Home's setup checklist: hide it, or stay on simulated messages for now (admins; checked in recordSetupChoice). */
export async function recordSetupChoiceAction(choice: SetupChoice): Promise<void> {
  const ctx = await requireStaff();
  if (choice !== "dismiss" && choice !== "skipWhatsapp") return;
  await recordSetupChoice(await getDb(), ctx, { choice });
  revalidatePath(`/${await getLocale()}`);
}
