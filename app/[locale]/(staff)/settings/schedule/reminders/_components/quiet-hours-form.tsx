"use client";

import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { setQuietHoursAction } from "@/lib/notifications/settings-actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

/**
 * The clinic's quiet hours: on/off and the window on the clinic's clock (admins edit, others read).
 * The values come back in the form after a save (React 19 resets uncontrolled forms after an action).
 */
export function QuietHoursForm({
  enabled,
  start,
  end,
  timeZone,
  canEdit,
}: {
  enabled: boolean;
  start: string;
  end: string;
  timeZone: string;
  canEdit: boolean;
}) {
  const t = useTranslations("settings.quietHours");
  const [values, setValues] = useState({ enabled, start, end });
  const [error, setError] = useState<"invalid" | "same_as_start" | null>(null);
  const [pending, startTransition] = useTransition();
  const disabled = !canEdit || pending;

  return (
    <form
      aria-labelledby="quiet-hours-heading"
      className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200"
      data-testid="quiet-hours"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setQuietHoursAction(values);
          if (result.ok) {
            setError(null);
            toast.success(t("saved"));
          } else if (result.error === "invalid" || result.error === "same_as_start") {
            setError(result.error);
          } else {
            toast.error(t("failed"));
          }
        });
      }}
    >
      <div>
        <h2 id="quiet-hours-heading" className="text-sm font-semibold text-gray-900">
          {t("title")}
        </h2>
        <p className="mt-1 text-xs text-gray-600">{t("hint", { timeZone })}</p>
      </div>
      <label className="flex items-center gap-2 text-sm text-gray-800">
        <input
          type="checkbox"
          role="switch"
          name="enabled"
          checked={values.enabled}
          disabled={disabled}
          className="h-5 w-5 cursor-pointer rounded border-gray-300 accent-brand-600 disabled:cursor-not-allowed disabled:opacity-60"
          onChange={(event) => setValues((v) => ({ ...v, enabled: event.target.checked }))}
        />
        {t("enabled")}
      </label>
      <div className="grid max-w-sm grid-cols-2 gap-3">
        <Field id="quiet-hours-start" label={t("start")}>
          <Input
            id="quiet-hours-start"
            type="time"
            name="start"
            required
            value={values.start}
            disabled={disabled || !values.enabled}
            invalid={error === "invalid"}
            onChange={(event) => setValues((v) => ({ ...v, start: event.target.value }))}
          />
        </Field>
        <Field id="quiet-hours-end" label={t("end")} error={error ? t(`errors.${error}`) : undefined}>
          <Input
            id="quiet-hours-end"
            type="time"
            name="end"
            required
            value={values.end}
            disabled={disabled || !values.enabled}
            invalid={error !== null}
            aria-describedby={error ? "quiet-hours-end-error" : undefined}
            onChange={(event) => setValues((v) => ({ ...v, end: event.target.value }))}
          />
        </Field>
      </div>
      <p className="text-xs text-gray-600">{t("urgentNote")}</p>
      {canEdit && (
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
      )}
    </form>
  );
}
