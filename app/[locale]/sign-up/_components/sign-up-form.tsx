"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { signUpAction, type SignUpState } from "@/lib/onboarding/actions";
import { SIGN_UP_CURRENCIES, type SignUpField } from "@/lib/onboarding/schemas";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { Link } from "@/components/ui/link";
import { TimeZoneOptions } from "@/components/ui/time-zone-options";

export function SignUpForm({ timeZones }: { timeZones: { mexico: readonly string[]; others: readonly string[] } }) {
  const t = useTranslations("signUp");
  const [state, formAction, pending] = useActionState<SignUpState, FormData>(signUpAction, {});
  const error = (field: SignUpField) => {
    const code = state.fieldErrors?.[field];
    return code ? t(`errors.${field}.${code}` as "errors.email.invalid") : undefined;
  };
  const value = (field: SignUpField) => state.values?.[field];

  if (state.sentTo) {
    return (
      <div className="space-y-4">
        <div
          role="status"
          data-testid="sign-up-sent"
          className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900 ring-1 ring-green-200"
        >
          <p className="font-semibold">{t("sentTitle")}</p>
          <p className="mt-1">{t("sent", { email: state.sentTo })}</p>
        </div>
        {state.embeddedEmail && (
          <section
            aria-labelledby="embedded-email-heading"
            data-testid="sign-up-embedded-email"
            className="rounded-md bg-gray-50 p-3 ring-1 ring-gray-200"
          >
            <h2 id="embedded-email-heading" className="text-sm font-semibold text-gray-900">
              {t("embeddedTitle")}
            </h2>
            <p className="mt-1 text-xs text-gray-600">{t("embeddedIntro")}</p>
            <p className="mt-2 text-sm font-medium">{state.embeddedEmail.subject}</p>
            {/* Luna's own HTML (lib/staff-mail/render.ts escapes every value in it). */}
            <div
              className="prose prose-sm mt-2 max-w-none text-sm [&_a]:text-brand-700 [&_a]:underline"
              dangerouslySetInnerHTML={{ __html: state.embeddedEmail.html }}
            />
          </section>
        )}
      </div>
    );
  }

  return (
    <form action={formAction} key={JSON.stringify(state.values ?? {})} className="space-y-4" noValidate>
      {state.error === "throttled" && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {t("throttled", { minutes: state.minutes ?? 60 })}
        </p>
      )}
      <Field id="sign-up-clinicName" label={t("clinicName")} error={error("clinicName")}>
        <Input
          id="sign-up-clinicName"
          name="clinicName"
          autoComplete="organization"
          required
          maxLength={120}
          defaultValue={value("clinicName")}
          invalid={Boolean(error("clinicName"))}
        />
      </Field>
      <Field id="sign-up-timezone" label={t("timezone")} error={error("timezone")}>
        <Select
          id="sign-up-timezone"
          name="timezone"
          defaultValue={value("timezone") ?? timeZones.mexico[0]}
          invalid={Boolean(error("timezone"))}
        >
          <TimeZoneOptions zones={timeZones} mexicoLabel={t("timezoneMexico")} othersLabel={t("timezoneOthers")} />
        </Select>
      </Field>
      <Field id="sign-up-currency" label={t("currency")} error={error("currency")}>
        <Select id="sign-up-currency" name="currency" defaultValue={value("currency") ?? "MXN"} invalid={Boolean(error("currency"))}>
          {SIGN_UP_CURRENCIES.map((currency) => (
            <option key={currency} value={currency}>
              {t(`currencies.${currency}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="sign-up-adminName" label={t("adminName")} error={error("adminName")}>
        <Input
          id="sign-up-adminName"
          name="adminName"
          autoComplete="name"
          required
          maxLength={120}
          defaultValue={value("adminName")}
          invalid={Boolean(error("adminName"))}
        />
      </Field>
      <Field id="sign-up-email" label={t("email")} error={error("email")}>
        <Input
          id="sign-up-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={value("email")}
          invalid={Boolean(error("email"))}
        />
      </Field>
      <Field id="sign-up-password" label={t("password")} hint={t("passwordHint")} error={error("password")}>
        <Input
          id="sign-up-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={200}
          invalid={Boolean(error("password"))}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </Button>
      <p className="text-center text-sm">
        {t("haveAccount")}{" "}
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          {t("signInLink")}
        </Link>
      </p>
    </form>
  );
}
