"use client";

import { useState, useTransition } from "react";
import { useLocale, useTranslations } from "next-intl";
import { toast } from "sonner";
import { saveDoctorSettingsAction } from "@/lib/staff/actions";
import type { DoctorSettings } from "@/lib/staff/doctors";
import { formatDayIntervals, parseDayIntervals, WEEKDAYS, type WorkingInterval } from "@/lib/staff/doctor-hours";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";

type Row = { key: number; from: string; to: string; reason: string };
type Errors = {
  name?: string;
  title?: string;
  specialty?: string;
  form?: string;
  days: Record<number, string>;
  rows: Record<number, string>;
};
const noErrors = (): Errors => ({ days: {}, rows: {} });

/** One doctor's card: name, title, specialty, hours per weekday (typed as "09:00-14:00, 16:00-19:00") and time off rows. */
export function DoctorForm({ doctor, canEdit }: { doctor: DoctorSettings; canEdit: boolean }) {
  const t = useTranslations("doctors");
  const locale = useLocale() === "en" ? "en" : "es";
  const [name, setName] = useState(doctor.name);
  const [title, setTitle] = useState<string>(doctor.title ?? "");
  const [specialty, setSpecialty] = useState(doctor.specialty ?? "");
  const [days, setDays] = useState<Record<number, string>>(() =>
    Object.fromEntries(WEEKDAYS.map((d) => [d, formatDayIntervals(doctor, d)])),
  );
  const [rows, setRows] = useState<Row[]>(() => doctor.timeOff.map((o, key) => ({ key, from: o.from, to: o.to, reason: o.reason ?? "" })));
  const [errors, setErrors] = useState<Errors>(noErrors);
  const [pending, startSaving] = useTransition();
  const id = (field: string) => `doctor-${doctor.id}-${field}`;
  const phrase = doctorPhrase({ name: name || doctor.name, title: title === "dr" || title === "dra" ? title : null }, locale);

  const submit = () => {
    const next = noErrors();
    const workingHours: WorkingInterval[] = [];
    for (const weekday of WEEKDAYS) {
      const parsed = parseDayIntervals(days[weekday] ?? "", weekday);
      if (parsed === null) next.days[weekday] = "timeInvalid";
      else workingHours.push(...parsed);
    }
    if (Object.keys(next.days).length > 0) {
      setErrors({ ...next, form: "form" });
      return;
    }
    startSaving(async () => {
      const result = await saveDoctorSettingsAction({
        doctorId: doctor.id,
        name,
        title,
        specialty,
        workingHours,
        timeOff: rows.map((r) => ({ from: r.from, to: r.to, reason: r.reason })),
      });
      if (result.ok) {
        setErrors(noErrors());
        if (result.changed.length > 0) toast.success(t("saved", { name: name.trim() }));
        else toast.success(t("unchanged"));
        return;
      }
      if (result.error === "forbidden") {
        setErrors({ ...noErrors(), form: "forbidden" });
        return;
      }
      const out: Errors = { ...noErrors(), form: result.fieldErrors.doctorId ?? "form" };
      out.name = result.fieldErrors.name;
      out.title = result.fieldErrors.title;
      out.specialty = result.fieldErrors.specialty;
      for (const e of result.scheduleErrors ?? []) {
        if (e.field === "workingHours") out.days[e.weekday] ??= e.code;
        else out.rows[rows[e.index]?.key ?? -1] ??= e.code === "endBeforeStart" ? "timeOffEndBeforeStart" : e.code;
      }
      setErrors(out);
    });
  };

  const message = (code: string | undefined) => (code ? t(`errors.${code}` as "errors.form") : undefined);

  return (
    <section
      aria-labelledby={id("heading")}
      className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200"
      data-testid="doctor-card"
      data-doctor-id={doctor.id}
    >
      <h2 id={id("heading")} className="mb-4 text-base font-semibold">
        {doctor.name}
      </h2>
      <form
        noValidate
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {errors.form && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
            {message(errors.form)}
          </p>
        )}
        <fieldset disabled={!canEdit || pending} className="space-y-5">
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id={id("name")} label={t("name")} error={message(errors.name)}>
              <Input
                id={id("name")}
                value={name}
                onChange={(e) => setName(e.target.value)}
                invalid={Boolean(errors.name)}
                maxLength={120}
              />
            </Field>
            <Field id={id("title")} label={t("titleLabel")} hint={t("titleHint", { phrase })} error={message(errors.title)}>
              <Select id={id("title")} value={title} onChange={(e) => setTitle(e.target.value)} aria-describedby={id("title-hint")}>
                <option value="">{t("titleNone")}</option>
                <option value="dr">{t("titleDr")}</option>
                <option value="dra">{t("titleDra")}</option>
              </Select>
            </Field>
            <Field id={id("specialty")} label={t("specialty")} error={message(errors.specialty)}>
              <Input id={id("specialty")} value={specialty} onChange={(e) => setSpecialty(e.target.value)} maxLength={120} />
            </Field>
          </div>
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-gray-900">{t("hours")}</legend>
            <p className="text-xs text-gray-500">{t("hoursHint")}</p>
            <div className="grid gap-3 sm:grid-cols-2">
              {WEEKDAYS.map((weekday) => (
                <Field key={weekday} id={id(`day-${weekday}`)} label={t(`weekday.${weekday}`)} error={message(errors.days[weekday])}>
                  <Input
                    id={id(`day-${weekday}`)}
                    value={days[weekday] ?? ""}
                    onChange={(e) => setDays((d) => ({ ...d, [weekday]: e.target.value }))}
                    placeholder="09:00-14:00, 16:00-19:00"
                    invalid={Boolean(errors.days[weekday])}
                    aria-describedby={errors.days[weekday] ? id(`day-${weekday}-error`) : undefined}
                  />
                </Field>
              ))}
            </div>
          </fieldset>
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-gray-900">{t("timeOff")}</legend>
            <p className="text-xs text-gray-500">{t("timeOffHint")}</p>
            {rows.length === 0 && <p className="text-sm text-gray-600">{t("timeOffNone")}</p>}
            {rows.map((row, index) => {
              const change = (patch: Partial<Row>) => setRows((all) => all.map((r) => (r.key === row.key ? { ...r, ...patch } : r)));
              const rowError = message(errors.rows[row.key]);
              return (
                <div key={row.key} className="space-y-1" data-testid="time-off-row">
                  <div className="grid items-end gap-3 sm:grid-cols-[10rem_10rem_1fr_auto]">
                    <Field id={id(`off-${row.key}-from`)} label={t("timeOffFrom")}>
                      <Input
                        id={id(`off-${row.key}-from`)}
                        type="date"
                        value={row.from}
                        onChange={(e) => change({ from: e.target.value })}
                        invalid={Boolean(rowError)}
                      />
                    </Field>
                    <Field id={id(`off-${row.key}-to`)} label={t("timeOffTo")}>
                      <Input
                        id={id(`off-${row.key}-to`)}
                        type="date"
                        value={row.to}
                        onChange={(e) => change({ to: e.target.value })}
                        invalid={Boolean(rowError)}
                      />
                    </Field>
                    <Field id={id(`off-${row.key}-reason`)} label={t("timeOffReason")}>
                      <Input
                        id={id(`off-${row.key}-reason`)}
                        value={row.reason}
                        maxLength={200}
                        onChange={(e) => change({ reason: e.target.value })}
                      />
                    </Field>
                    <Button
                      type="button"
                      variant="ghost"
                      aria-label={`${t("timeOffRemove")} ${index + 1}`}
                      onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
                    >
                      {t("timeOffRemove")}
                    </Button>
                  </div>
                  {rowError && (
                    <p className="text-sm text-red-700" role="alert">
                      {rowError}
                    </p>
                  )}
                </div>
              );
            })}
            <Button
              type="button"
              variant="ghost"
              onClick={() => setRows((all) => [...all, { key: Math.max(-1, ...all.map((r) => r.key)) + 1, from: "", to: "", reason: "" }])}
            >
              {t("timeOffAdd")}
            </Button>
          </fieldset>
        </fieldset>
        {canEdit && (
          <div className="flex justify-end border-t border-gray-100 pt-4">
            <Button type="submit" disabled={pending}>
              {pending ? t("saving") : t("save")}
            </Button>
          </div>
        )}
      </form>
    </section>
  );
}
