"use client";

import { useActionState, useEffect } from "react";
import { useLocale, useTranslations } from "next-intl";
import { toast } from "sonner";
import { bookAppointmentAction, type AppointmentFormState } from "@/lib/appointments/actions";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useDescribePlanned } from "@/lib/notifications/use-describe-forecast";

const DURATIONS = [15, 30, 45, 60, 90];

export function BookAppointmentForm({
  patientId,
  doctors,
  timeZone,
  defaultStartsAt,
}: {
  patientId: string;
  doctors: { id: string; name: string }[];
  timeZone: string;
  defaultStartsAt: string;
}) {
  const t = useTranslations("appointments");
  const th = useTranslations("home");
  const tHours = useTranslations("doctors.calendar");
  const [state, formAction, pending] = useActionState<AppointmentFormState, FormData>(bookAppointmentAction.bind(null, patientId), {});
  const describe = useDescribePlanned({ locale: useLocale(), timeZone });
  useEffect(() => {
    if (state.ok) toast.success(t("booked"), { description: describe(state.forecast ?? []) });
  }, [state, t, describe]);
  const values = state.ok ? undefined : state.values;
  const error = (field: keyof NonNullable<AppointmentFormState["fieldErrors"]>) => {
    const code = state.fieldErrors?.[field];
    return code ? t(`errors.${code}` as "errors.form") : undefined;
  };
  const described = (field: "startsAt" | "videoUrl" | "doctorId" | "durationMinutes", hint: boolean) =>
    error(field) ? `book-${field}-error` : hint ? `book-${field}-hint` : undefined;

  return (
    <form action={formAction} key={JSON.stringify(state)} className="space-y-4" noValidate>
      {(state.fieldErrors || state.formError) && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {state.formError ? t(`errors.${state.formError}`) : t("errors.form")}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="book-doctorId" label={t("doctor")} error={error("doctorId")}>
          <Select
            id="book-doctorId"
            name="doctorId"
            defaultValue={values?.doctorId ?? doctors[0]?.id ?? ""}
            invalid={Boolean(error("doctorId"))}
            aria-describedby={described("doctorId", false)}
          >
            {doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="book-startsAt" label={t("startsAt")} hint={t("startsAtHint", { timeZone })} error={error("startsAt")}>
          <Input
            id="book-startsAt"
            name="startsAt"
            type="datetime-local"
            step={300}
            defaultValue={values?.startsAt ?? defaultStartsAt}
            invalid={Boolean(error("startsAt"))}
            aria-describedby={described("startsAt", true)}
          />
        </Field>
        <Field id="book-durationMinutes" label={t("duration")} error={error("durationMinutes")}>
          <Select
            id="book-durationMinutes"
            name="durationMinutes"
            defaultValue={values?.durationMinutes ?? "30"}
            aria-describedby={described("durationMinutes", false)}
          >
            {DURATIONS.map((m) => (
              <option key={m} value={m}>
                {t("durationMinutes", { minutes: m })}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="book-kind" label={t("kind")}>
          <Select id="book-kind" name="kind" defaultValue={values?.kind ?? "in_person"}>
            <option value="in_person">{th("kind.in_person")}</option>
            <option value="video">{th("kind.video")}</option>
          </Select>
        </Field>
      </div>
      <Field id="book-videoUrl" label={t("videoUrl")} hint={t("videoUrlHint")} error={error("videoUrl")}>
        <Input
          id="book-videoUrl"
          name="videoUrl"
          type="url"
          inputMode="url"
          placeholder="https://"
          defaultValue={values?.videoUrl ?? ""}
          invalid={Boolean(error("videoUrl"))}
          aria-describedby={described("videoUrl", true)}
        />
      </Field>
      <Field id="book-internalNotes" label={t("notes")}>
        <Input id="book-internalNotes" name="internalNotes" defaultValue={values?.internalNotes ?? ""} />
      </Field>
      {state.fieldErrors?.startsAt === "outsideHours" && (
        <label className="flex items-center gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          <input type="checkbox" name="confirmOutsideHours" value="1" className="accent-brand-600" />
          {tHours("outsideHoursConfirm")}
        </label>
      )}
      <Button type="submit" disabled={pending || doctors.length === 0}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
