"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { cancelAppointmentAction, rescheduleAppointmentAction, type AppointmentFormState } from "@/lib/appointments/actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

/** Move (to a new clinic-local time) or cancel (after a confirmation) one upcoming appointment. */
export function AppointmentActions({ appointmentId, startsAtLocal }: { appointmentId: string; startsAtLocal: string }) {
  const t = useTranslations("appointments");
  const [moved, moveAction, moving] = useActionState<AppointmentFormState, FormData>(rescheduleAppointmentAction.bind(null, appointmentId), {});
  const [cancelled, cancelAction, cancelling] = useActionState<AppointmentFormState, FormData>(cancelAppointmentAction.bind(null, appointmentId), {});
  useEffect(() => {
    if (moved.ok) toast.success(t("rescheduled", { count: moved.scheduled ?? 0 }));
  }, [moved, t]);
  useEffect(() => {
    if (cancelled.ok) toast.success(t("cancelled", { count: cancelled.scheduled ?? 0 }));
  }, [cancelled, t]);
  const moveError = moved.fieldErrors?.startsAt ?? moved.formError;
  const cancelError = cancelled.formError;
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
        action={cancelAction}
        onSubmit={(event) => {
          if (!window.confirm(t("cancelConfirm"))) event.preventDefault();
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
