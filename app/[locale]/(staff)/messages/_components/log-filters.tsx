"use client";

import { useTransition, type FormEvent } from "react";
import { useRouter } from "@/i18n/navigation";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { defaultSortOf, logSearchParams, type LogFilters, type LogSort } from "@/lib/message-log/schemas";

interface Option {
  value: string;
  label: string;
}

/**
 * The log's filters. A plain GET form (it works before hydration); with JavaScript it pushes a clean
 * URL (no empty parameters, back to the first page) and dims the table while the server answers.
 */
export function LogFiltersForm(props: {
  values: LogFilters;
  sort: LogSort;
  /** The view without filters (the tab stays). */
  clearHref: string;
  options: { channel: Option[]; status: Option[]; type: Option[] };
  labels: Record<"legend" | "channel" | "status" | "type" | "patient" | "patientHint" | "from" | "to" | "any" | "apply" | "clear", string>;
}) {
  const { values, sort, clearHref, options, labels } = props;
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const read = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" && value.trim() ? value.trim() : undefined;
    };
    const search = logSearchParams({
      view: values.view,
      channel: read("channel") as LogFilters["channel"],
      status: read("status") as LogFilters["status"],
      type: read("type") as LogFilters["type"],
      patient: read("patient"),
      from: read("from"),
      to: read("to"),
      sort,
    });
    const query = search.toString();
    startTransition(() => router.push(`/messages${query ? `?${query}` : ""}`));
  }

  const select = (name: "channel" | "status" | "type") => (
    <Field id={`log-${name}`} label={labels[name]}>
      <Select id={`log-${name}`} name={name} defaultValue={values[name] ?? ""}>
        <option value="">{labels.any}</option>
        {options[name].map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </Field>
  );

  return (
    <form method="get" action="" onSubmit={submit} aria-busy={pending} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
      <fieldset>
        <legend className="mb-3 text-sm font-semibold text-gray-900">{labels.legend}</legend>
        {/* key: a back/forward navigation re-renders the inputs with the URL's values */}
        <div key={JSON.stringify(values)} className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
          {select("channel")}
          {select("status")}
          {select("type")}
          <Field id="log-patient" label={labels.patient}>
            <Input
              id="log-patient"
              name="patient"
              type="search"
              defaultValue={values.patient ?? ""}
              placeholder={labels.patientHint}
              maxLength={80}
            />
          </Field>
          <Field id="log-from" label={labels.from}>
            <Input id="log-from" name="from" type="date" defaultValue={values.from ?? ""} />
          </Field>
          <Field id="log-to" label={labels.to}>
            <Input id="log-to" name="to" type="date" defaultValue={values.to ?? ""} />
          </Field>
        </div>
        {values.view && values.view !== "sent" && <input type="hidden" name="view" value={values.view} />}
        {sort !== defaultSortOf(values.view) && <input type="hidden" name="sort" value={sort} />}
        <div className="mt-3 flex flex-wrap gap-2">
          <Button type="submit" disabled={pending}>
            {labels.apply}
          </Button>
          <Button type="button" variant="ghost" onClick={() => startTransition(() => router.push(clearHref))}>
            {labels.clear}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
