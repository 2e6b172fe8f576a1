"use client";

import { useActionState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { CURRENT_PRIVACY_NOTICE_VERSION } from "@/db/schema/campaign-lists";
import { privacyNoticePath } from "@/lib/campaigns/privacy-notice";
import { submitIntakeFormAction, type IntakeFormState } from "./form-action";

export type IntakeFormValues = Record<
  "dateOfBirth" | "allergies" | "medications" | "conditions" | "emergencyContactName" | "emergencyContactPhone",
  string
> & { consent: boolean };

const control =
  "block w-full rounded-lg border-0 bg-white px-3 py-3 text-base text-gray-900 shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-inset focus:ring-brand-600";

/**
 * The patient's intake form: big controls for a phone, errors under each field in the patient's
 * language, answers kept after an error, and prefilled with what was saved so they can be changed.
 */
export function IntakeForm({
  token,
  clinicName,
  initial,
  completed,
  editableUntil,
}: {
  token: string;
  clinicName: string;
  initial: IntakeFormValues;
  completed: boolean;
  /** "28 de noviembre de 2026, 10:00" — when the link stops working. */
  editableUntil: string;
}) {
  const t = useTranslations("intakeForm");
  const locale = useLocale();
  const [state, formAction, pending] = useActionState<IntakeFormState, FormData>(submitIntakeFormAction.bind(null, token), {});
  const submitted = state.values;
  const value = (name: Exclude<keyof IntakeFormValues, "consent">) => (submitted ? (submitted[name] ?? "") : initial[name]);
  const consent = submitted ? submitted.consent === "on" : initial.consent;
  const error = (name: string) => {
    const code = (state.fieldErrors as Record<string, string> | undefined)?.[name];
    return code ? t(`errors.${code}` as "errors.required") : undefined;
  };
  const isCompleted = completed || state.ok;

  const describedBy = (name: string, hint: boolean) => (error(name) ? `${name}-error` : hint ? `${name}-hint` : undefined);
  const errorText = (name: string) =>
    error(name) && (
      <p id={`${name}-error`} className="text-sm font-medium text-red-700">
        {error(name)}
      </p>
    );
  const label = (name: string, text: string, required: boolean) => (
    <label htmlFor={name} className="block font-medium text-gray-900">
      {text}
      {required && <span className="ml-1 text-sm font-normal text-gray-600">({t("required")})</span>}
    </label>
  );
  const textArea = (name: "allergies" | "medications" | "conditions") => (
    <div className="space-y-1">
      {label(name, t(`fields.${name}`), false)}
      <p id={`${name}-hint`} className="text-sm text-gray-600">
        {t(`hints.${name}`)}
      </p>
      <textarea
        id={name}
        name={name}
        rows={3}
        defaultValue={value(name)}
        aria-invalid={Boolean(error(name)) || undefined}
        aria-describedby={error(name) ? `${name}-error ${name}-hint` : `${name}-hint`}
        className={cn(control, error(name) ? "ring-red-600" : "ring-gray-300")}
      />
      {errorText(name)}
    </div>
  );

  return (
    <form action={formAction} key={JSON.stringify(state)} className="space-y-6" noValidate>
      {state.ok && (
        <div role="status" className="rounded-lg bg-green-50 px-4 py-3 text-green-900 ring-1 ring-green-200" data-testid="intake-saved">
          <p className="font-semibold">{t(state.firstSubmission ? "saved" : "updated")}</p>
          <p className="mt-1 text-sm">{t("canEdit", { date: editableUntil })}</p>
        </div>
      )}
      {(state.fieldErrors || state.formError) && (
        <p role="alert" className="rounded-lg bg-red-50 px-4 py-3 font-medium text-red-800 ring-1 ring-red-200">
          {state.formError ? t(`errors.${state.formError}`) : t("errors.form")}
        </p>
      )}

      <div className="space-y-1">
        {label("dateOfBirth", t("fields.dateOfBirth"), true)}
        <input
          id="dateOfBirth"
          name="dateOfBirth"
          type="date"
          autoComplete="bday"
          required
          defaultValue={value("dateOfBirth")}
          aria-invalid={Boolean(error("dateOfBirth")) || undefined}
          aria-describedby={describedBy("dateOfBirth", false)}
          className={cn(control, error("dateOfBirth") ? "ring-red-600" : "ring-gray-300")}
        />
        {errorText("dateOfBirth")}
      </div>

      {textArea("allergies")}
      {textArea("medications")}
      {textArea("conditions")}

      <fieldset className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-gray-200">
        <legend className="px-1 font-semibold text-gray-900">{t("fields.emergencyContact")}</legend>
        <div className="space-y-1">
          {label("emergencyContactName", t("fields.emergencyContactName"), true)}
          <input
            id="emergencyContactName"
            name="emergencyContactName"
            type="text"
            autoComplete="off"
            required
            defaultValue={value("emergencyContactName")}
            aria-invalid={Boolean(error("emergencyContactName")) || undefined}
            aria-describedby={describedBy("emergencyContactName", false)}
            className={cn(control, error("emergencyContactName") ? "ring-red-600" : "ring-gray-300")}
          />
          {errorText("emergencyContactName")}
        </div>
        <div className="space-y-1">
          {label("emergencyContactPhone", t("fields.emergencyContactPhone"), true)}
          <p id="emergencyContactPhone-hint" className="text-sm text-gray-600">
            {t("hints.emergencyContactPhone")}
          </p>
          <input
            id="emergencyContactPhone"
            name="emergencyContactPhone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            required
            defaultValue={value("emergencyContactPhone")}
            aria-invalid={Boolean(error("emergencyContactPhone")) || undefined}
            aria-describedby={
              error("emergencyContactPhone") ? "emergencyContactPhone-error emergencyContactPhone-hint" : "emergencyContactPhone-hint"
            }
            className={cn(control, error("emergencyContactPhone") ? "ring-red-600" : "ring-gray-300")}
          />
          {errorText("emergencyContactPhone")}
        </div>
      </fieldset>

      <div className="space-y-1">
        <div className="flex items-start gap-3">
          <input
            id="consent"
            name="consent"
            type="checkbox"
            defaultChecked={consent}
            aria-invalid={Boolean(error("consent")) || undefined}
            aria-describedby={describedBy("consent", false)}
            className="mt-1 h-6 w-6 shrink-0 rounded border-gray-400 accent-brand-600"
          />
          <label htmlFor="consent" className="text-gray-900">
            {t("fields.consent", { clinic: clinicName })}
          </label>
        </div>
        {errorText("consent")}
      </div>

      <div className="flex items-start gap-3">
        <input
          id="marketingConsent"
          name="marketingConsent"
          type="checkbox"
          defaultChecked={submitted?.marketingConsent === "on"}
          aria-describedby="marketingConsent-hint"
          className="mt-1 h-6 w-6 shrink-0 rounded border-gray-400 accent-brand-600"
        />
        <div>
          <label htmlFor="marketingConsent" className="text-gray-900">
            {t("fields.marketingConsent", { clinic: clinicName })}
          </label>
          <p id="marketingConsent-hint" className="text-sm text-gray-600">
            {t("hints.marketingConsent", { version: CURRENT_PRIVACY_NOTICE_VERSION })}{" "}
            <a
              href={privacyNoticePath(locale, CURRENT_PRIVACY_NOTICE_VERSION)}
              target="_blank"
              rel="noopener"
              className="font-medium text-brand-700 underline"
              data-testid="privacy-notice-link"
            >
              {t("hints.privacyNoticeLink")}
            </a>
          </p>
        </div>
      </div>

      <button
        type="submit"
        disabled={pending}
        className="flex min-h-12 w-full items-center justify-center rounded-lg bg-brand-600 px-4 py-3 text-lg font-semibold text-white hover:bg-brand-700 disabled:bg-brand-500/60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        {pending ? t("submitting") : t(isCompleted ? "update" : "submit")}
      </button>
    </form>
  );
}
