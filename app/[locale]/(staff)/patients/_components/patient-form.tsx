"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { savePatientAction, type PatientFormState } from "@/lib/patients/actions";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { Link } from "@/components/ui/link";

export interface PatientFormValues {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  preferredLocale: "es" | "en";
  optOutWhatsapp: boolean;
  optOutSms: boolean;
  optOutEmail: boolean;
}

type TextField = "firstName" | "lastName" | "phone" | "email";
const OPT_OUTS = ["optOutWhatsapp", "optOutSms", "optOutEmail"] as const;

export function PatientForm({ patientId, initial }: { patientId?: string; initial: PatientFormValues }) {
  const t = useTranslations("patients");
  const tc = useTranslations("common");
  const [state, formAction, pending] = useActionState<PatientFormState, FormData>(savePatientAction.bind(null, patientId), {});
  // After a failed submit, show what was typed (React 19 resets uncontrolled inputs).
  const submitted = state.values;
  const text = (name: TextField) => (submitted ? (submitted[name] ?? "") : initial[name]);
  const checked = (name: (typeof OPT_OUTS)[number]) => (submitted ? submitted[name] === "on" : initial[name]);
  const takenBy = state.fieldErrors?.phone === "phoneTaken" ? state.phoneTakenBy : undefined;
  const error = (name: keyof PatientFormValues) => {
    const code = state.fieldErrors?.[name];
    if (name === "phone" && takenBy) return t("errors.phoneTakenBy", { name: takenBy.firstName, phone: `•••• ${takenBy.phoneLast4}` });
    return code ? t(`errors.${code}` as "errors.required") : undefined;
  };
  const formKey = JSON.stringify(submitted ?? {});

  const textField = (name: TextField, props: { type?: string; autoComplete?: string; hint?: string; inputMode?: "tel" | "email" }) => (
    <Field id={name} label={t(`fields.${name}`)} hint={props.hint} error={error(name)}>
      <Input
        id={name}
        name={name}
        type={props.type ?? "text"}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        defaultValue={text(name)}
        invalid={Boolean(error(name))}
        aria-describedby={error(name) ? `${name}-error` : props.hint ? `${name}-hint` : undefined}
      />
    </Field>
  );

  return (
    <form action={formAction} key={formKey} className="space-y-5" noValidate>
      {(state.fieldErrors || state.formError) && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {state.formError === "forbidden" ? tc("forbidden") : state.formError === "notFound" ? tc("notFoundTitle") : t("errors.form")}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        {textField("firstName", { autoComplete: "off" })}
        {textField("lastName", { autoComplete: "off" })}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1">
          {textField("phone", { type: "tel", inputMode: "tel", hint: t("fields.phoneHint") })}
          {takenBy && (
            <Link href={`/patients/${takenBy.patientId}`} className="inline-block text-sm font-medium text-brand-700 underline">
              {t("errors.phoneTakenByLink", { name: takenBy.firstName })}
            </Link>
          )}
        </div>
        {textField("email", { type: "email", inputMode: "email" })}
      </div>
      <Field id="preferredLocale" label={t("fields.preferredLocale")} error={error("preferredLocale")}>
        <Select id="preferredLocale" name="preferredLocale" defaultValue={submitted?.preferredLocale ?? initial.preferredLocale}>
          <option value="es">{t("locales.es")}</option>
          <option value="en">{t("locales.en")}</option>
        </Select>
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-gray-800">{t("fields.optOuts")}</legend>
        <p className="text-xs text-gray-500">{t("fields.optOutsHint")}</p>
        <div className="flex flex-wrap gap-4">
          {OPT_OUTS.map((name) => (
            <label key={name} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name={name}
                defaultChecked={checked(name)}
                className="h-4 w-4 rounded border-gray-300 text-brand-600"
              />
              {t(`fields.${name}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? tc("saving") : tc("save")}
        </Button>
        <Link href="/patients" className={buttonClasses("ghost")}>
          {tc("cancel")}
        </Link>
      </div>
    </form>
  );
}
