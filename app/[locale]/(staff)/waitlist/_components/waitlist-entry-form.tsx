"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { addWaitlistEntryAction, type WaitlistFormState } from "@/lib/waitlist/actions";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";

const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "0"] as const;

/** Puts a patient on the waitlist: from the Waitlist page (choose the patient) or the chart (`patientId` fixed). */
export function WaitlistEntryForm({
  patientId,
  patients,
  doctors,
}: {
  patientId?: string;
  patients?: { id: string; name: string }[];
  doctors: { id: string; name: string }[];
}) {
  const t = useTranslations("waitlist");
  const [state, formAction, pending] = useActionState<WaitlistFormState, FormData>(
    addWaitlistEntryAction.bind(null, patientId ?? null),
    {},
  );
  useEffect(() => {
    if (state.ok) toast.success(t("added"));
  }, [state, t]);
  const values = state.ok ? undefined : state.values;
  const error = (field: string) => {
    const code = state.fieldErrors?.[field] ?? Object.entries(state.fieldErrors ?? {}).find(([k]) => k.startsWith(`${field}.`))?.[1];
    return code ? t(`errors.${code}` as "errors.form") : undefined;
  };
  const chosenDays = new Set((values?.weekdays ?? "").split(",").filter(Boolean));

  return (
    <form action={formAction} key={JSON.stringify(state)} className="grid gap-4 sm:grid-cols-2" noValidate aria-label={t("addTitle")}>
      {(state.fieldErrors || state.formError) && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 sm:col-span-2">
          {state.formError ? t(`errors.${state.formError}`) : t("errors.form")}
        </p>
      )}
      {!patientId && (
        <Field id="waitlist-patient" label={t("fields.patient")} error={error("patientId")}>
          <Select id="waitlist-patient" name="patientId" defaultValue={values?.patientId ?? ""} invalid={Boolean(error("patientId"))}>
            <option value="">{t("fields.choosePatient")}</option>
            {(patients ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field id="waitlist-doctor" label={t("fields.doctor")} error={error("doctorId")}>
        <Select id="waitlist-doctor" name="doctorId" defaultValue={values?.doctorId ?? ""} invalid={Boolean(error("doctorId"))}>
          <option value="">{t("anyDoctor")}</option>
          {doctors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="waitlist-kind" label={t("fields.kind")} error={error("kind")}>
        <Select id="waitlist-kind" name="kind" defaultValue={values?.kind ?? ""}>
          <option value="">{t("fields.anyKind")}</option>
          <option value="in_person">{t("fields.in_person")}</option>
          <option value="video">{t("fields.video")}</option>
        </Select>
      </Field>
      <fieldset className="space-y-1 sm:col-span-2">
        <legend className="text-sm font-medium text-gray-800">{t("fields.weekdays")}</legend>
        <div className="flex flex-wrap gap-3">
          {WEEKDAYS.map((day) => (
            <label key={day} className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="weekdays" value={day} defaultChecked={chosenDays.has(day)} />
              {t(`weekdayNames.${day}`)}
            </label>
          ))}
        </div>
        {error("weekdays") && (
          <p className="text-sm text-red-700" role="alert">
            {error("weekdays")}
          </p>
        )}
      </fieldset>
      <Field id="waitlist-from" label={t("fields.fromTime")} error={error("fromTime")}>
        <Input id="waitlist-from" name="fromTime" type="time" defaultValue={values?.fromTime ?? ""} invalid={Boolean(error("fromTime"))} />
      </Field>
      <Field id="waitlist-to" label={t("fields.toTime")} error={error("toTime")}>
        <Input id="waitlist-to" name="toTime" type="time" defaultValue={values?.toTime ?? ""} invalid={Boolean(error("toTime"))} />
      </Field>
      <Field id="waitlist-duration" label={t("fields.duration")} error={error("durationMinutes")}>
        <Input
          id="waitlist-duration"
          name="durationMinutes"
          type="number"
          min={5}
          max={480}
          defaultValue={values?.durationMinutes ?? "30"}
          invalid={Boolean(error("durationMinutes"))}
        />
      </Field>
      <Field id="waitlist-expires" label={t("fields.expiresOn")} error={error("expiresOn")}>
        <Input
          id="waitlist-expires"
          name="expiresOn"
          type="date"
          defaultValue={values?.expiresOn ?? ""}
          invalid={Boolean(error("expiresOn"))}
        />
      </Field>
      <Field id="waitlist-notes" label={t("fields.notes")} error={error("notes")}>
        <Input id="waitlist-notes" name="notes" defaultValue={values?.notes ?? ""} invalid={Boolean(error("notes"))} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? t("submitting") : t("submit")}
        </Button>
      </div>
    </form>
  );
}
