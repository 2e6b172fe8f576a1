"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { saveClinicAccountAction, type ClinicAccountFormState } from "@/lib/clinics/actions";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { buildMapsLink } from "@/lib/clinics/maps-link";
import { TimeZoneOptions } from "@/components/ui/time-zone-options";

interface AccountValues {
  name: string;
  timezone: string;
  videoRoomBaseUrl: string;
  phone: string;
  address: string;
}

/** The clinic's account details: editable for admins, the same fields disabled for everyone else. */
export function AccountForm({
  canEdit,
  initial,
  timeZones,
}: {
  canEdit: boolean;
  initial: AccountValues;
  timeZones: { mexico: readonly string[]; others: readonly string[] };
}) {
  const t = useTranslations("settings.account");
  const [state, formAction, pending] = useActionState<ClinicAccountFormState, FormData>(saveClinicAccountAction, {});
  useEffect(() => {
    if (state.savedAt) toast.success(t("saved"));
  }, [state.savedAt, t]);
  useEffect(() => {
    if (state.formError) toast.error(t("errors.forbidden"));
  }, [state.formError, state.values, t]);

  // After a failed submit, show what was typed (React 19 resets uncontrolled inputs).
  const value = (name: keyof AccountValues) => state.values?.[name] ?? initial[name];
  const error = (name: keyof AccountValues) => {
    const code = state.fieldErrors?.[name];
    return code ? t(`errors.${code}` as "errors.required") : undefined;
  };
  const describedBy = (name: keyof AccountValues) => (error(name) ? `account-${name}-error` : `account-${name}-hint`);
  const formKey = JSON.stringify(state.values ?? initial);
  // The saved address's link (not what is being typed): it is what patients will be sent to.
  const mapsLink = buildMapsLink(initial.address);

  return (
    <form
      action={formAction}
      key={formKey}
      className="space-y-5"
      noValidate
      aria-describedby={state.fieldErrors ? "account-form-error" : undefined}
    >
      {state.fieldErrors && (
        <p id="account-form-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {t("errors.form")}
        </p>
      )}
      <fieldset disabled={!canEdit || pending} className="grid gap-4 sm:grid-cols-2">
        <Field id="account-name" label={t("name")} hint={t("nameHint")} error={error("name")}>
          <Input
            id="account-name"
            name="name"
            defaultValue={value("name")}
            required
            maxLength={120}
            autoComplete="organization"
            invalid={Boolean(error("name"))}
            aria-describedby={describedBy("name")}
          />
        </Field>
        <Field id="account-timezone" label={t("timezone")} hint={t("timezoneHint")} error={error("timezone")}>
          <Select
            id="account-timezone"
            name="timezone"
            defaultValue={value("timezone")}
            invalid={Boolean(error("timezone"))}
            aria-describedby={describedBy("timezone")}
          >
            <TimeZoneOptions zones={timeZones} mexicoLabel={t("timezoneMexico")} othersLabel={t("timezoneOther")} />
          </Select>
        </Field>
        <Field
          id="account-videoRoomBaseUrl"
          label={t("videoRoomBaseUrl")}
          hint={t("videoRoomBaseUrlHint")}
          error={error("videoRoomBaseUrl")}
        >
          <Input
            id="account-videoRoomBaseUrl"
            name="videoRoomBaseUrl"
            type="url"
            inputMode="url"
            placeholder="https://"
            defaultValue={value("videoRoomBaseUrl")}
            invalid={Boolean(error("videoRoomBaseUrl"))}
            aria-describedby={describedBy("videoRoomBaseUrl")}
          />
        </Field>
        <Field id="account-phone" label={t("phone")} hint={t("phoneHint")} error={error("phone")}>
          <Input
            id="account-phone"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            defaultValue={value("phone")}
            invalid={Boolean(error("phone"))}
            aria-describedby={describedBy("phone")}
          />
        </Field>
        <div className="sm:col-span-2">
          <Field id="account-address" label={t("address")} hint={t("addressHint")} error={error("address")}>
            <Input
              id="account-address"
              name="address"
              defaultValue={value("address")}
              maxLength={200}
              autoComplete="street-address"
              invalid={Boolean(error("address"))}
              aria-describedby={describedBy("address")}
            />
          </Field>
          {mapsLink && (
            <a
              href={mapsLink}
              target="_blank"
              rel="noopener noreferrer"
              className="mt-1 inline-block text-sm font-medium text-brand-700 underline"
              data-testid="clinic-maps-link"
            >
              {t("mapsLink")}
            </a>
          )}
        </div>
      </fieldset>
      {canEdit && (
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>
            {pending ? t("saving") : t("save")}
          </Button>
        </div>
      )}
    </form>
  );
}
