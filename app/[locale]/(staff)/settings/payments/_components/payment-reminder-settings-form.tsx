"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { updatePaymentReminderSettingsAction, type PaymentFormState } from "@/lib/payments/actions";
import {
  REMINDER_AFTER_DAY_CHOICES,
  REMINDER_BEFORE_DUE_CHOICES,
  type PaymentReminderSettings,
} from "@/lib/payments/reminder-settings-choices";

/** On/off, the days after the request, and the days before the due date. */
export function PaymentReminderSettingsForm({ canEdit, initial }: { canEdit: boolean; initial: PaymentReminderSettings }) {
  const t = useTranslations("payments");
  const [state, formAction, pending] = useActionState<PaymentFormState, FormData>(updatePaymentReminderSettingsAction, {});
  useEffect(() => {
    if (state.ok) toast.success(t("settings.saved"));
  }, [state, t]);
  return (
    <form action={formAction} className="space-y-5 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200" aria-label={t("settings.title")}>
      {state.formError && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {t(`errors.${state.formError}` as "errors.notFound")}
        </p>
      )}
      <div className="flex items-start gap-3">
        <input
          id="reminders-enabled"
          name="remindersEnabled"
          type="checkbox"
          role="switch"
          defaultChecked={initial.remindersEnabled}
          disabled={!canEdit}
          aria-describedby="reminders-enabled-hint"
          className="mt-0.5 h-5 w-5 rounded border-gray-300 accent-brand-600 disabled:opacity-60"
        />
        <div>
          <label htmlFor="reminders-enabled" className="text-sm font-medium text-gray-900">
            {t("settings.enabled")}
          </label>
          <p id="reminders-enabled-hint" className="text-xs text-gray-600">
            {t("settings.enabledHint")}
          </p>
        </div>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-gray-900">{t("settings.afterDays")}</legend>
        <div className="flex flex-wrap gap-3">
          {REMINDER_AFTER_DAY_CHOICES.map((days) => (
            <label key={days} className="inline-flex items-center gap-1.5 text-sm text-gray-800">
              <input
                type="checkbox"
                name="reminderAfterDays"
                value={days}
                defaultChecked={initial.reminderAfterDays.includes(days)}
                disabled={!canEdit}
                className="h-4 w-4 rounded border-gray-300 accent-brand-600"
              />
              {t("settings.afterDay", { days })}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="reminder-before-due" className="text-sm font-medium text-gray-900">
          {t("settings.beforeDue")}
        </label>
        <Select
          id="reminder-before-due"
          name="reminderBeforeDueDays"
          defaultValue={initial.reminderBeforeDueDays === null ? "" : String(initial.reminderBeforeDueDays)}
          disabled={!canEdit}
        >
          <option value="">{t("settings.beforeDueNone")}</option>
          {REMINDER_BEFORE_DUE_CHOICES.map((days) => (
            <option key={days} value={days}>
              {days === 0 ? t("settings.onDueDay") : t("settings.beforeDueDay", { days })}
            </option>
          ))}
        </Select>
      </div>
      {canEdit && (
        <Button type="submit" disabled={pending}>
          {pending ? t("submitting") : t("settings.save")}
        </Button>
      )}
    </form>
  );
}
