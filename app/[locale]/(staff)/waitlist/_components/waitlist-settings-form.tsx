"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { saveWaitlistSettingsAction, type WaitlistSettingsFormState } from "@/lib/waitlist/actions";
import type { WaitlistSettings } from "@/lib/waitlist/settings";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

/** The clinic's waitlist rules (admins): automatic offers, wave size, hold, minimum lead, move or add. */
export function WaitlistSettingsForm({ settings }: { settings: WaitlistSettings }) {
  const t = useTranslations("waitlist");
  const [state, formAction, pending] = useActionState<WaitlistSettingsFormState, FormData>(saveWaitlistSettingsAction, {});
  useEffect(() => {
    if (state.ok) toast.success(t("settings.saved"));
  }, [state, t]);
  const error = (field: string) => {
    const code = state.fieldErrors?.[field];
    return code ? t(`settings.errors.${code}` as "settings.errors.invalidWaveSize") : undefined;
  };
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-3" noValidate aria-label={t("settings.title")}>
      {(state.fieldErrors || state.formError) && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 sm:col-span-3">
          {state.formError ? t("errors.forbidden") : t("errors.form")}
        </p>
      )}
      <label className="flex items-center gap-2 text-sm sm:col-span-3">
        <input type="checkbox" name="autoOffer" defaultChecked={settings.autoOffer} />
        {t("settings.autoOffer")}
      </label>
      <Field id="waitlist-wave" label={t("settings.waveSize")} error={error("waveSize")}>
        <Input
          id="waitlist-wave"
          name="waveSize"
          type="number"
          min={1}
          max={10}
          defaultValue={settings.waveSize}
          invalid={Boolean(error("waveSize"))}
        />
      </Field>
      <Field id="waitlist-hold" label={t("settings.holdMinutes")} error={error("holdMinutes")}>
        <Input
          id="waitlist-hold"
          name="holdMinutes"
          type="number"
          min={5}
          max={240}
          defaultValue={settings.holdMinutes}
          invalid={Boolean(error("holdMinutes"))}
        />
      </Field>
      <Field id="waitlist-lead" label={t("settings.minLeadMinutes")} error={error("minLeadMinutes")}>
        <Input
          id="waitlist-lead"
          name="minLeadMinutes"
          type="number"
          min={0}
          max={2880}
          defaultValue={settings.minLeadMinutes}
          invalid={Boolean(error("minLeadMinutes"))}
        />
      </Field>
      <label className="flex items-center gap-2 text-sm sm:col-span-3">
        <input type="checkbox" name="acceptMovesLaterVisit" defaultChecked={settings.acceptMovesLaterVisit} />
        {t("settings.acceptMovesLaterVisit")}
      </label>
      <div className="sm:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("settings.saving") : t("settings.save")}
        </Button>
      </div>
    </form>
  );
}
