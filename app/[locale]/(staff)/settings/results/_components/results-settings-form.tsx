"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { saveResultsSettingsAction, type ResultsSettingsFormState } from "@/lib/results/actions";
import type { ResultsSettingsField } from "@/lib/results/settings";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

export type ResultsSettingsValues = Record<ResultsSettingsField, string>;

/** Settings → Results: the outcome rules and the before-Luna figures; disabled for everyone but admins. */
export function ResultsSettingsForm({ canEdit, initial }: { canEdit: boolean; initial: ResultsSettingsValues }) {
  const t = useTranslations("resultsSettings");
  const [state, formAction, pending] = useActionState<ResultsSettingsFormState, FormData>(saveResultsSettingsAction, {});
  useEffect(() => {
    if (state.savedAt) toast.success(t("saved"));
  }, [state.savedAt, t]);
  useEffect(() => {
    if (state.formError) toast.error(t("errors.forbidden"));
  }, [state.formError, state.values, t]);
  const value = (name: ResultsSettingsField) => state.values?.[name] ?? initial[name];
  const error = (name: ResultsSettingsField) => {
    const code = state.fieldErrors?.[name];
    return code ? t(`errors.${code}` as "errors.form") : undefined;
  };
  const input = (name: ResultsSettingsField, props: { step: string; min: number; max: number }) => (
    <Input
      id={`results-${name}`}
      name={name}
      type="number"
      inputMode="decimal"
      {...props}
      defaultValue={value(name)}
      invalid={Boolean(error(name))}
      aria-describedby={error(name) ? `results-${name}-error` : `results-${name}-hint`}
      className="w-32"
    />
  );
  return (
    <form action={formAction} key={JSON.stringify(state.values ?? initial)} className="space-y-6" noValidate>
      {state.fieldErrors && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {t("errors.form")}
        </p>
      )}
      <fieldset disabled={!canEdit || pending} className="space-y-6">
        <section aria-labelledby="results-rules-heading" className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
          <h2 id="results-rules-heading" className="text-base font-semibold">
            {t("rulesSection")}
          </h2>
          <Field id="results-lateCancelHours" label={t("lateCancelHours")} hint={t("lateCancelHoursHint")} error={error("lateCancelHours")}>
            {input("lateCancelHours", { step: "1", min: 0, max: 168 })}
          </Field>
          <Field
            id="results-autoAttendAfterHours"
            label={t("autoAttendAfterHours")}
            hint={t("autoAttendAfterHoursHint")}
            error={error("autoAttendAfterHours")}
          >
            {input("autoAttendAfterHours", { step: "1", min: 1, max: 168 })}
          </Field>
        </section>
        <section aria-labelledby="results-baseline-heading" className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
          <div>
            <h2 id="results-baseline-heading" className="text-base font-semibold">
              {t("baselineSection")}
            </h2>
            <p className="mt-1 text-sm text-gray-600">{t("baselineIntro")}</p>
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="results-baselineNoShowPercent" label={t("baselineNoShowPercent")} error={error("baselineNoShowPercent")}>
              {input("baselineNoShowPercent", { step: "0.1", min: 0, max: 100 })}
            </Field>
            <Field
              id="results-baselineConfirmationPercent"
              label={t("baselineConfirmationPercent")}
              error={error("baselineConfirmationPercent")}
            >
              {input("baselineConfirmationPercent", { step: "0.1", min: 0, max: 100 })}
            </Field>
            <Field
              id="results-baselineTimeToConfirmHours"
              label={t("baselineTimeToConfirmHours")}
              error={error("baselineTimeToConfirmHours")}
            >
              {input("baselineTimeToConfirmHours", { step: "0.5", min: 0, max: 720 })}
            </Field>
          </div>
        </section>
        {canEdit && (
          <Button type="submit" disabled={pending}>
            {t("save")}
          </Button>
        )}
      </fieldset>
    </form>
  );
}
