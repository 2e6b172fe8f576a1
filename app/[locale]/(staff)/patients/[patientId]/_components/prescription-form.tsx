"use client";

import { useActionState, useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { createPrescriptionAction, type PrescriptionFormState } from "@/lib/prescriptions/actions";
import { itemsFromFormData, MAX_PRESCRIPTION_ITEMS } from "@/lib/prescriptions/schemas";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";

const COLUMNS = ["medication", "dose", "frequency", "duration"] as const;
type Row = { key: number } & Record<(typeof COLUMNS)[number], string>;

const emptyRow = (key: number): Row => ({ key, medication: "", dose: "", frequency: "", duration: "" });

/**
 * Rows as they were submitted (a failed submit re-renders them: React 19 resets uncontrolled forms), in
 * the same order and with the same blank rows dropped as the server, so "items.1.dose" is the second row.
 */
function rowsFrom(values: Record<string, string> | undefined): Row[] {
  const rows = values ? itemsFromFormData(Object.entries(values)) : [];
  if (rows.length === 0) return [emptyRow(0)];
  return rows.map((row, key) => ({
    key,
    medication: row.medication ?? "",
    dose: row.dose ?? "",
    frequency: row.frequency ?? "",
    duration: row.duration ?? "",
  }));
}

/** A doctor writes a prescription: medication rows (add/remove), instructions, an optional visit. */
export function PrescriptionForm({ patientId, appointments }: { patientId: string; appointments: { id: string; label: string }[] }) {
  const t = useTranslations("prescriptions");
  const [state, formAction, pending] = useActionState<PrescriptionFormState, FormData>(createPrescriptionAction.bind(null, patientId), {});
  const values = state.ok ? undefined : state.values;
  useEffect(() => {
    if (state.ok) toast.success(t("sent"));
  }, [state, t]);

  const error = (field: string) => {
    const code = state.fieldErrors?.[field];
    return code ? t(`errors.${code}` as "errors.required") : undefined;
  };
  const itemsError = error("items");

  return (
    <form action={formAction} key={JSON.stringify(state)} className="space-y-4" noValidate aria-label={t("writeTitle")}>
      {(state.fieldErrors || state.formError) && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {state.formError ? t(`errors.${state.formError}`) : t("errors.form")}
        </p>
      )}
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-gray-800">{t("itemsLegend")}</legend>
        {itemsError && (
          <p id="rx-items-error" className="text-sm text-red-700" role="alert">
            {itemsError}
          </p>
        )}
        <ItemRows initial={rowsFrom(values)} error={error} />
      </fieldset>
      <Field id="rx-instructions" label={t("fields.instructions")} hint={t("instructionsHint")} error={error("instructions")}>
        <textarea
          id="rx-instructions"
          name="instructions"
          rows={3}
          defaultValue={values?.instructions ?? ""}
          aria-invalid={Boolean(error("instructions")) || undefined}
          aria-describedby={error("instructions") ? "rx-instructions-error" : "rx-instructions-hint"}
          className="block w-full rounded-md border-0 px-3 py-2 text-sm text-gray-900 shadow-sm ring-1 ring-inset ring-gray-300 focus:ring-2 focus:ring-inset focus:ring-brand-600"
        />
      </Field>
      {appointments.length > 0 && (
        <Field id="rx-appointment" label={t("fields.appointment")}>
          <Select id="rx-appointment" name="appointmentId" defaultValue={values?.appointmentId ?? ""}>
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

/** The medication rows: add and remove; remounted with each result of the form (what was submitted, or fresh). */
function ItemRows({ initial, error }: { initial: Row[]; error: (field: string) => string | undefined }) {
  const t = useTranslations("prescriptions");
  const [rows, setRows] = useState<Row[]>(initial);
  return (
    <>
      {rows.map((row, index) => (
        <fieldset key={row.key} className="rounded-md bg-gray-50 p-3 ring-1 ring-gray-200" data-testid="prescription-item">
          <legend className="sr-only">{t("item", { number: index + 1 })}</legend>
          <div className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-start">
            {COLUMNS.map((column) => {
              const id = `rx-${row.key}-${column}`;
              const message = error(`items.${index}.${column}`);
              return (
                <Field key={column} id={id} label={`${t(`fields.${column}`)} ${index + 1}`} error={message}>
                  <Input
                    id={id}
                    name={`items.${index}.${column}`}
                    defaultValue={row[column]}
                    placeholder={t(`placeholders.${column}`)}
                    invalid={Boolean(message)}
                    aria-describedby={message ? `${id}-error` : undefined}
                    autoComplete="off"
                  />
                </Field>
              );
            })}
            <div className="sm:pt-6">
              <Button
                type="button"
                variant="ghost"
                className="px-2"
                disabled={rows.length === 1}
                aria-label={t("removeItem", { number: index + 1 })}
                title={t("removeItem", { number: index + 1 })}
                onClick={() => setRows((current) => current.filter((r) => r.key !== row.key))}
              >
                <span aria-hidden="true">✕</span>
              </Button>
            </div>
          </div>
        </fieldset>
      ))}
      <Button
        type="button"
        variant="secondary"
        disabled={rows.length >= MAX_PRESCRIPTION_ITEMS}
        onClick={() => setRows((current) => [...current, emptyRow(Math.max(-1, ...current.map((r) => r.key)) + 1)])}
      >
        + {t("addItem")}
      </Button>
    </>
  );
}
