"use client";

import { useActionState, useEffect, useRef } from "react";
import { useLocale, useTranslations } from "next-intl";
import { toast } from "sonner";
import {
  addChargeAction,
  createPaymentLinkAction,
  recordDeskPaymentAction,
  voidChargeAction,
  type PaymentFormState,
} from "@/lib/payments/actions";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { CURRENCIES, DESK_PAYMENT_METHODS, type Currency } from "@/lib/payments/constants";
import { useDescribePlanned } from "@/lib/notifications/use-describe-forecast";

type Translate = ReturnType<typeof useTranslations<"payments">>;

function useFieldError(state: PaymentFormState, t: Translate) {
  return (field: string) => {
    const code = state.fieldErrors?.[field];
    return code ? t(`errors.${code}` as "errors.required") : undefined;
  };
}

function FormAlert({ state, t }: { state: PaymentFormState; t: Translate }) {
  if (!state.fieldErrors && !state.formError) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
      {state.formError ? t(`errors.${state.formError}` as "errors.notFound") : t("errors.form")}
    </p>
  );
}

/** Add a charge to one of the patient's visits. */
export function AddChargeForm({
  patientId,
  visits,
  defaultCurrency,
  onAdded,
}: {
  patientId: string;
  visits: { id: string; label: string }[];
  defaultCurrency: Currency;
  /** Called once per charge added (the calendar's dialog re-reads its list). */
  onAdded?: () => void;
}) {
  const t = useTranslations("payments");
  const [state, formAction, pending] = useActionState<PaymentFormState, FormData>(addChargeAction.bind(null, patientId), {});
  const added = useRef(onAdded);
  useEffect(() => {
    added.current = onAdded;
  }, [onAdded]);
  useEffect(() => {
    if (!state.ok) return;
    toast.success(t("added"));
    added.current?.();
  }, [state, t]);
  const values = state.ok ? undefined : state.values;
  const error = useFieldError(state, t);
  return (
    <form action={formAction} key={JSON.stringify(state)} className="grid gap-4 sm:grid-cols-2" noValidate aria-label={t("addTitle")}>
      <div className="sm:col-span-2">
        <FormAlert state={state} t={t} />
      </div>
      <div className="sm:col-span-2">
        <Field id="charge-appointment" label={t("fields.appointment")} error={error("appointmentId")}>
          <Select id="charge-appointment" name="appointmentId" defaultValue={values?.appointmentId ?? visits[0]?.id}>
            {visits.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="sm:col-span-2">
        <Field id="charge-concept" label={t("fields.concept")} error={error("concept")}>
          <Input
            id="charge-concept"
            name="concept"
            maxLength={120}
            defaultValue={values?.concept ?? ""}
            invalid={Boolean(error("concept"))}
          />
        </Field>
      </div>
      <Field id="charge-amount" label={t("fields.amount")} hint={t("fields.amountHint")} error={error("amount")}>
        <Input
          id="charge-amount"
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={values?.amount ?? ""}
          invalid={Boolean(error("amount"))}
          aria-describedby={error("amount") ? "charge-amount-error" : "charge-amount-hint"}
        />
      </Field>
      <Field id="charge-currency" label={t("fields.currency")} error={error("currency")}>
        <Select id="charge-currency" name="currency" defaultValue={values?.currency ?? defaultCurrency}>
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {t(`currencies.${c}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="charge-due" label={t("fields.dueDate")} error={error("dueDate")}>
        <Input id="charge-due" name="dueDate" type="date" defaultValue={values?.dueDate ?? ""} invalid={Boolean(error("dueDate"))} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? t("submitting") : t("submitAdd")}
        </Button>
      </div>
    </form>
  );
}

/**
 * Sends the charge's payment link to the patient (the payment-request message, and the balance reminders
 * the clinic schedules), and says per message what will really happen, from the engine's own forecast:
 * "Solicitud de pago sale ahora por WhatsApp · Recordatorio de saldo por WhatsApp el …". The link is also
 * shown to copy.
 */
export function PaymentLinkButton({ patientId, chargeId, timeZone }: { patientId: string; chargeId: string; timeZone: string }) {
  const t = useTranslations("payments");
  const locale = useLocale();
  const describe = useDescribePlanned({ locale, timeZone });
  const [state, formAction, pending] = useActionState<PaymentFormState, FormData>(createPaymentLinkAction.bind(null, patientId), {});
  const expires = state.linkExpiresAt
    ? new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", { dateStyle: "medium", timeZone }).format(new Date(state.linkExpiresAt))
    : "";
  const told = state.forecast ? describe(state.forecast) : "";
  useEffect(() => {
    if (state.ok && told) toast.success(told);
  }, [state, told]);
  return (
    <div className="space-y-2">
      <form action={formAction}>
        <input type="hidden" name="chargeId" value={chargeId} />
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? t("link.creating") : t("link.create")}
        </Button>
      </form>
      <FormAlert state={state} t={t} />
      {state.linkUrl && (
        <div className="space-y-2 rounded-md bg-brand-50 p-3 ring-1 ring-brand-100" data-testid="payment-link">
          <p data-testid="payment-link-forecast">{told}</p>
          <p>{t("link.created", { date: expires })}</p>
          <p className="break-all font-mono text-xs" data-testid="payment-link-url">
            {state.linkUrl}
          </p>
          <Button
            type="button"
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(state.linkUrl!);
              toast.success(t("link.copied"));
            }}
          >
            {t("link.copy")}
          </Button>
        </div>
      )}
    </div>
  );
}

/** Money taken at the desk: method, amount (the balance when empty) and who took it. */
export function DeskPaymentForm(props: {
  patientId: string;
  chargeId: string;
  balanceLabel: string;
  balanceValue: string;
  staff: { id: string; name: string }[];
  defaultTakenById: string;
}) {
  const t = useTranslations("payments");
  const [state, formAction, pending] = useActionState<PaymentFormState, FormData>(recordDeskPaymentAction.bind(null, props.patientId), {});
  useEffect(() => {
    if (state.ok) toast.success(t("desk.recorded"));
  }, [state, t]);
  const values = state.ok ? undefined : state.values;
  const error = useFieldError(state, t);
  const id = (name: string) => `desk-${name}-${props.chargeId}`;
  return (
    <form action={formAction} key={JSON.stringify(state)} className="grid gap-4 sm:grid-cols-3" noValidate aria-label={t("desk.title")}>
      <input type="hidden" name="chargeId" value={props.chargeId} />
      <div className="sm:col-span-3">
        <FormAlert state={state} t={t} />
      </div>
      <Field id={id("method")} label={t("fields.method")} error={error("method")}>
        <Select id={id("method")} name="method" defaultValue={values?.method ?? "cash"}>
          {DESK_PAYMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`methods.${m}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id={id("amount")}
        label={t("fields.deskAmount")}
        hint={t("fields.deskAmountHint", { amount: props.balanceLabel })}
        error={error("amount")}
      >
        <Input
          id={id("amount")}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder={props.balanceValue}
          defaultValue={values?.amount ?? ""}
          invalid={Boolean(error("amount"))}
        />
      </Field>
      <Field id={id("taken")} label={t("fields.takenBy")} error={error("takenById")}>
        <Select id={id("taken")} name="takenById" defaultValue={values?.takenById ?? props.defaultTakenById}>
          {props.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </Field>
      <div className="sm:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("submitting") : t("desk.submit")}
        </Button>
      </div>
    </form>
  );
}

/** An admin voids an unpaid charge, with a reason. */
export function VoidChargeForm({ patientId, chargeId }: { patientId: string; chargeId: string }) {
  const t = useTranslations("payments");
  const [state, formAction, pending] = useActionState<PaymentFormState, FormData>(voidChargeAction.bind(null, patientId), {});
  useEffect(() => {
    if (state.ok) toast.success(t("void.voided"));
  }, [state, t]);
  const error = useFieldError(state, t);
  const id = `void-reason-${chargeId}`;
  return (
    <form action={formAction} key={JSON.stringify(state)} className="space-y-3" noValidate aria-label={t("void.title")}>
      <input type="hidden" name="chargeId" value={chargeId} />
      <FormAlert state={state} t={t} />
      <Field id={id} label={t("fields.reason")} error={error("reason")}>
        <Input
          id={id}
          name="reason"
          maxLength={300}
          defaultValue={state.ok ? "" : (state.values?.reason ?? "")}
          invalid={Boolean(error("reason"))}
        />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? t("submitting") : t("void.submit")}
      </Button>
    </form>
  );
}
