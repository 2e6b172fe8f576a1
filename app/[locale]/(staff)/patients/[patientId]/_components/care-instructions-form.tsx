"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { createCareInstructionsAction, type CareInstructionsFormState } from "@/lib/care-instructions/actions";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";

/** A doctor writes care instructions after a visit; the patient gets a link to read them. */
export function CareInstructionsForm({
  patientId,
  appointments,
  defaultAppointmentId,
}: {
  patientId: string;
  appointments: { id: string; label: string }[];
  defaultAppointmentId?: string;
}) {
  const t = useTranslations("careInstructions");
  const [state, formAction, pending] = useActionState<CareInstructionsFormState, FormData>(
    createCareInstructionsAction.bind(null, patientId),
    {},
  );
  useEffect(() => {
    if (state.ok) toast.success(t("sent"));
  }, [state, t]);
  const values = state.ok ? undefined : state.values;
  const error = (field: "body" | "appointmentId") => {
    const code = state.fieldErrors?.[field];
    return code ? t(`errors.${code}` as "errors.required") : undefined;
  };

  return (
    <form action={formAction} key={JSON.stringify(state)} className="space-y-4" noValidate aria-label={t("writeTitle")}>
      {(state.fieldErrors || state.formError) && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {state.formError ? t(`errors.${state.formError}`) : t("errors.form")}
        </p>
      )}
      <Field id="care-body" label={t("fields.body")} hint={t("bodyHint")} error={error("body")}>
        <textarea
          id="care-body"
          name="body"
          rows={6}
          defaultValue={values?.body ?? ""}
          aria-invalid={Boolean(error("body")) || undefined}
          aria-describedby={error("body") ? "care-body-error" : "care-body-hint"}
          className="block w-full rounded-md border-0 px-3 py-2 text-sm text-gray-900 shadow-sm ring-1 ring-inset ring-gray-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid]:ring-red-500"
        />
      </Field>
      {appointments.length > 0 && (
        <Field id="care-appointment" label={t("fields.appointment")} error={error("appointmentId")}>
          <Select id="care-appointment" name="appointmentId" defaultValue={values?.appointmentId ?? defaultAppointmentId ?? ""}>
            <option value="">{t("noAppointment")}</option>
            {appointments.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
