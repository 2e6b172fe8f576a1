"use client";

import { useActionState, useEffect, useState, useTransition } from "react";
import { useLocale, useTranslations } from "next-intl";
import { toast } from "sonner";
import { cancelAppointmentAction, rescheduleAppointmentAction, type AppointmentFormState } from "@/lib/appointments/actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useDescribePlanned } from "@/lib/notifications/use-describe-forecast";

/** Move (to a new clinic-local time) or cancel (after a confirmation) one upcoming appointment. */
export function AppointmentActions({
  appointmentId,
  startsAtLocal,
  timeZone,
}: {
  appointmentId: string;
  startsAtLocal: string;
  timeZone: string;
}) {
  const t = useTranslations("appointments");
  const describe = useDescribePlanned({ locale: useLocale(), timeZone });
  const [moved, moveAction, moving] = useActionState<AppointmentFormState, FormData>(
    rescheduleAppointmentAction.bind(null, appointmentId),
    {},
  );
  // Cancelling removes these controls (a cancelled visit cannot be moved), so the toast is raised from
  // the submit handler itself rather than from an effect that would never run.
  const [cancelError, setCancelError] = useState<AppointmentFormState["formError"]>();
  const [cancelling, startCancel] = useTransition();
  useEffect(() => {
    if (moved.ok) toast.success(t("rescheduled"), { description: describe(moved.forecast ?? []) });
  }, [moved, t, describe]);
  const moveError = moved.fieldErrors?.startsAt ?? moved.formError;
  const inputId = `move-${appointmentId}`;

  return (
    <div className="flex flex-wrap items-end gap-3">
      <form action={moveAction} key={JSON.stringify(moved)} className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={inputId} className="block text-xs font-medium text-gray-700">
            {t("reschedule")}
          </label>
          <Input
            id={inputId}
            name="startsAt"
            type="datetime-local"
            step={300}
            defaultValue={moved.ok ? startsAtLocal : (moved.values?.startsAt ?? startsAtLocal)}
            invalid={Boolean(moveError)}
            aria-describedby={moveError ? `${inputId}-error` : undefined}
            className="w-56"
          />
        </div>
        <Button type="submit" variant="secondary" disabled={moving}>
          {t("rescheduleSubmit")}
        </Button>
        {moveError && (
          <p id={`${inputId}-error`} role="alert" className="w-full text-sm text-red-700">
            {t(`errors.${moveError}` as "errors.form")}
          </p>
        )}
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!window.confirm(t("cancelConfirm"))) return;
          const formData = new FormData(event.currentTarget);
          startCancel(async () => {
            const result = await cancelAppointmentAction(appointmentId, {}, formData);
            if (result.ok) toast.success(t("cancelled"), { description: describe(result.forecast ?? []) });
            else setCancelError(result.formError);
          });
        }}
      >
        <Button type="submit" variant="ghost" className="text-red-700 hover:bg-red-50" disabled={cancelling}>
          {t("cancel")}
        </Button>
        {cancelError && (
          <p role="alert" className="text-sm text-red-700">
            {t(`errors.${cancelError}`)}
          </p>
        )}
      </form>
    </div>
  );
}
