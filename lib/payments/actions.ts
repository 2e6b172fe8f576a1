"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import type { MessageForecast } from "@/lib/notifications/forecast-messages";
import { can } from "@/lib/auth/permissions";
import { CURRENCIES, type Currency } from "./constants";
import { getEnv } from "@/lib/env";
import { addCharge } from "./add-charge";
import { createStripeClient } from "./gateway";
import { connectUrls, startStripeOnboarding } from "./stripe-connect";
import { listVisitCharges } from "./balances";
import { createPaymentLink } from "./payment-link";
import { recordDeskPayment } from "./record-desk-payment";
import { updatePaymentReminderSettings } from "./update-payment-reminder-settings";
import { voidCharge } from "./void-charge";

/** What a payments form shows after submitting: field error codes (`payments.errors`) and the typed values back. */
export interface PaymentFormState {
  ok?: boolean;
  fieldErrors?: Record<string, string>;
  formError?: string;
  values?: Record<string, string>;
  /** "Send payment link": the URL to copy (the only time the token exists outside the patient's message). */
  linkUrl?: string;
  linkExpiresAt?: string;
  /** What will really happen to the payment request and each balance reminder (the toast). */
  forecast?: MessageForecast[];
}

const valuesOf = (formData: FormData) =>
  Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")).map(([k, v]) => [k, String(v)]));

async function revalidateChart(patientId: string) {
  const locale = await getLocale();
  revalidatePath(`/${locale}/patients/${patientId}`);
  revalidatePath(`/${locale}/payments`);
}

export async function addChargeAction(patientId: string, _prev: PaymentFormState, formData: FormData): Promise<PaymentFormState> {
  const ctx = await requireStaff();
  const values = valuesOf(formData);
  const result = await addCharge(await getDb(), ctx, { input: values });
  if (!result.ok) return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: result.error, values };
  await revalidateChart(patientId);
  return { ok: true };
}

export async function voidChargeAction(patientId: string, _prev: PaymentFormState, formData: FormData): Promise<PaymentFormState> {
  const ctx = await requireStaff();
  const values = valuesOf(formData);
  const result = await voidCharge(await getDb(), ctx, { input: values });
  if (!result.ok) return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: result.error, values };
  await revalidateChart(patientId);
  return { ok: true };
}

export async function recordDeskPaymentAction(patientId: string, _prev: PaymentFormState, formData: FormData): Promise<PaymentFormState> {
  const ctx = await requireStaff();
  const values = valuesOf(formData);
  const result = await recordDeskPayment(await getDb(), ctx, { input: values });
  if (!result.ok) return result.error === "invalid" ? { fieldErrors: result.fieldErrors, values } : { formError: result.error, values };
  await revalidateChart(patientId);
  return { ok: true };
}

export async function createPaymentLinkAction(patientId: string, _prev: PaymentFormState, formData: FormData): Promise<PaymentFormState> {
  const ctx = await requireStaff();
  const result = await createPaymentLink(await getDb(), ctx, { chargeId: String(formData.get("chargeId") ?? "") });
  if (!result.ok) return { formError: result.error };
  await revalidateChart(patientId);
  return { ok: true, linkUrl: result.url, linkExpiresAt: result.expiresAt.toISOString(), forecast: result.forecast };
}

/** Settings → Payments: the balance-reminder schedule (admins). */
export async function updatePaymentReminderSettingsAction(_prev: PaymentFormState, formData: FormData): Promise<PaymentFormState> {
  const ctx = await requireStaff();
  const result = await updatePaymentReminderSettings(await getDb(), ctx, {
    input: {
      remindersEnabled: formData.get("remindersEnabled") === "on",
      reminderAfterDays: formData.getAll("reminderAfterDays").map(String),
      reminderBeforeDueDays: String(formData.get("reminderBeforeDueDays") ?? ""),
    },
  });
  if (!result.ok) return { formError: result.error === "invalid" ? "invalidSchedule" : result.error };
  const locale = await getLocale();
  revalidatePath(`/${locale}/settings/payments`);
  return { ok: true };
}

/**
 * The calendar's visit dialog: the visit's charges with their balances (narrow: no history, no payments)
 * and whether this member may add one or send its link. Null without payments:read.
 */
export async function getVisitChargesAction(appointmentId: string) {
  const ctx = await requireStaff("appointments:read");
  if (!can(ctx.role, "payments:read")) return null;
  const rows = await listVisitCharges(await getDb(), { clinicId: ctx.clinicId, appointmentId: String(appointmentId) });
  const defaultCurrency: Currency = (CURRENCIES as readonly string[]).includes(ctx.clinic.currency)
    ? (ctx.clinic.currency as Currency)
    : "MXN";
  return {
    canWrite: can(ctx.role, "payments:write"),
    defaultCurrency,
    charges: rows.map((r) => ({
      id: r.id,
      concept: r.concept,
      amountMinor: r.amountMinor,
      currency: r.currency,
      balanceMinor: r.balanceMinor,
      pendingMinor: r.pendingMinor,
      state: r.state,
    })),
  };
}

/** Settings → Payments: "Connect with Stripe" / "Continue in Stripe" (admins). Redirects to Stripe's onboarding. */
export async function startStripeOnboardingAction(_prev: PaymentFormState, _formData: FormData): Promise<PaymentFormState> {
  const ctx = await requireStaff();
  const env = getEnv();
  const locale = await getLocale();
  const result = await startStripeOnboarding(await getDb(), ctx, {
    stripe: env.STRIPE_SECRET_KEY ? createStripeClient(env.STRIPE_SECRET_KEY) : null,
    ...connectUrls(locale),
  });
  if (!result.ok) return { formError: `connect_${result.error}` };
  redirect(result.url);
}
