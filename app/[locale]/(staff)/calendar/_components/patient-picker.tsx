"use client";

import { useEffect, useId, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { createPatientForBookingAction, searchPatientsAction, type PatientOption } from "@/lib/appointments/actions";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";

const SEARCH_DELAY_MS = 250;

/**
 * Picks the patient to book: a combobox that searches as staff type (the patient list's own search: names
 * with accents ignored, or phone digits), or a short form that registers a new patient with the patient
 * form's validation and phone normalisation.
 */
export function PatientPicker({
  value,
  onChange,
  error,
}: {
  value: PatientOption | null;
  onChange: (patient: PatientOption | null) => void;
  error?: string;
}) {
  const t = useTranslations("calendar.book");
  const [mode, setMode] = useState<"search" | "create">("search");
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ query: string; rows: PatientOption[] } | null>(null);
  const [active, setActive] = useState(0);
  const [searching, startSearch] = useTransition();
  const listId = useId();

  useEffect(() => {
    if (value || mode !== "search") return;
    const q = query.trim();
    if (q.length < 2) return;
    const timer = setTimeout(() => {
      startSearch(async () => {
        const rows = await searchPatientsAction(q);
        setFound({ query: q, rows });
        setActive(0);
      });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, value, mode]);

  if (value) {
    return (
      <div className="space-y-1">
        <p className="block text-sm font-medium text-gray-800">{t("patient")}</p>
        <div
          className="flex items-center justify-between gap-3 rounded-md bg-brand-50 px-3 py-2 ring-1 ring-brand-100"
          data-testid="chosen-patient"
        >
          <span className="text-sm">
            <span className="sr-only">{t("selected", { name: `${value.firstName} ${value.lastName}` })}</span>
            <span aria-hidden="true">
              <span className="font-medium">
                {value.firstName} {value.lastName}
              </span>{" "}
              <span className="text-gray-600">{value.contact}</span>
            </span>
          </span>
          <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => onChange(null)}>
            {t("change")}
          </Button>
        </div>
      </div>
    );
  }

  if (mode === "create") {
    return (
      <NewPatientForm
        onCreated={(p) => {
          setMode("search");
          onChange(p);
        }}
        onBack={() => setMode("search")}
      />
    );
  }

  // Results show only for what is typed now (a stale answer for an older query stays hidden).
  const results = found && found.query === query.trim() ? found.rows : null;
  const open = results !== null;
  const choose = (p: PatientOption) => {
    onChange(p);
    setQuery("");
    setFound(null);
  };

  return (
    <div className="space-y-1">
      <label htmlFor="book-patient" className="block text-sm font-medium text-gray-800">
        {t("patientSearch")}
      </label>
      <div className="flex gap-2">
        <div className="relative flex-1">
          <Input
            id="book-patient"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={open && results.length ? `${listId}-${active}` : undefined}
            aria-describedby={error ? "book-patient-error" : "book-patient-hint"}
            invalid={Boolean(error)}
            autoComplete="off"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (!results?.length) return;
              if (e.key === "ArrowDown") {
                e.preventDefault();
                setActive((i) => Math.min(i + 1, results.length - 1));
              } else if (e.key === "ArrowUp") {
                e.preventDefault();
                setActive((i) => Math.max(i - 1, 0));
              } else if (e.key === "Enter") {
                e.preventDefault();
                choose(results[active]);
              }
            }}
          />
          {open && (
            <ul
              id={listId}
              role="listbox"
              aria-label={t("patient")}
              className="absolute z-10 mt-1 max-h-60 w-full overflow-y-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-gray-200"
            >
              {results.length === 0 ? (
                <li className="px-3 py-2 text-gray-600" role="option" aria-selected={false} aria-disabled>
                  {t("noMatches")}
                </li>
              ) : (
                results.map((p, i) => (
                  <li
                    key={p.id}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? "cursor-pointer bg-brand-50 px-3 py-2" : "cursor-pointer px-3 py-2 hover:bg-gray-50"}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => choose(p)}
                  >
                    <span className="font-medium">
                      {p.firstName} {p.lastName}
                    </span>{" "}
                    <span className="text-gray-600">{p.contact}</span>
                  </li>
                ))
              )}
            </ul>
          )}
        </div>
        <Button type="button" variant="secondary" onClick={() => setMode("create")}>
          {t("newPatient")}
        </Button>
      </div>
      {error ? (
        <p id="book-patient-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : (
        <p id="book-patient-hint" className="text-xs text-gray-500">
          {searching ? t("searching") : t("patientSearchHint")}
        </p>
      )}
    </div>
  );
}

function NewPatientForm({ onCreated, onBack }: { onCreated: (p: PatientOption) => void; onBack: () => void }) {
  const t = useTranslations("calendar.book");
  const tp = useTranslations("patients");
  const [values, setValues] = useState({ firstName: "", lastName: "", phone: "", email: "", preferredLocale: "es" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startCreate] = useTransition();
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const error = (field: string) => (errors[field] ? tp(`errors.${errors[field]}` as "errors.required") : undefined);

  const submit = () =>
    startCreate(async () => {
      const result = await createPatientForBookingAction(values);
      if (result.ok) {
        onCreated(result.patient);
        return;
      }
      setErrors(result.fieldErrors ?? { firstName: "form" });
    });

  return (
    <fieldset
      className="space-y-3 rounded-md p-3 ring-1 ring-gray-200"
      data-testid="new-patient"
      onKeyDown={(e) => {
        // Enter registers the patient; it must not submit the booking form around this fieldset.
        if (e.key === "Enter" && e.target instanceof HTMLInputElement) {
          e.preventDefault();
          submit();
        }
      }}
    >
      <legend className="px-1 text-sm font-medium text-gray-800">{t("newPatientTitle")}</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="np-firstName" label={tp("fields.firstName")} error={error("firstName")}>
          <Input
            id="np-firstName"
            value={values.firstName}
            onChange={set("firstName")}
            invalid={Boolean(error("firstName"))}
            autoComplete="off"
          />
        </Field>
        <Field id="np-lastName" label={tp("fields.lastName")} error={error("lastName")}>
          <Input
            id="np-lastName"
            value={values.lastName}
            onChange={set("lastName")}
            invalid={Boolean(error("lastName"))}
            autoComplete="off"
          />
        </Field>
        <Field id="np-phone" label={tp("fields.phone")} hint={tp("fields.phoneHint")} error={error("phone")}>
          <Input
            id="np-phone"
            type="tel"
            inputMode="tel"
            value={values.phone}
            onChange={set("phone")}
            invalid={Boolean(error("phone"))}
            aria-describedby={error("phone") ? "np-phone-error" : "np-phone-hint"}
            autoComplete="off"
          />
        </Field>
        <Field id="np-email" label={tp("fields.email")} error={error("email")}>
          <Input
            id="np-email"
            type="email"
            value={values.email}
            onChange={set("email")}
            invalid={Boolean(error("email"))}
            autoComplete="off"
          />
        </Field>
        <Field id="np-preferredLocale" label={tp("fields.preferredLocale")}>
          <Select id="np-preferredLocale" value={values.preferredLocale} onChange={set("preferredLocale")}>
            <option value="es">{tp("locales.es")}</option>
            <option value="en">{tp("locales.en")}</option>
          </Select>
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={submit} disabled={pending}>
          {pending ? t("creatingPatient") : t("createPatient")}
        </Button>
        <Button type="button" variant="ghost" onClick={onBack}>
          {t("cancelNewPatient")}
        </Button>
      </div>
    </fieldset>
  );
}
