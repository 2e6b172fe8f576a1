"use client";

import { useActionState, useCallback, useEffect, useRef, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "@/i18n/navigation";
import { createCampaignAction, countSegmentAction, previewCampaignAction, type CampaignFormState } from "@/lib/campaigns/actions";
import type { SegmentCount } from "@/lib/campaigns/segment";
import type { CampaignPlan } from "@/lib/campaigns/plan-campaign-schedule";
import { formatDateTime } from "@/lib/dates";
import { formatMoney } from "@/lib/payments/money";
import type { Currency } from "@/db/schema";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";

/** The new-campaign form: every change recounts the segment and re-renders the preview (server actions). */
export function CampaignForm({
  templates,
  doctors,
  timeZone,
  currency,
}: {
  templates: string[];
  doctors: { id: string; name: string }[];
  timeZone: string;
  currency: string;
}) {
  const t = useTranslations("campaigns");
  const locale = useLocale();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState<CampaignFormState, FormData>(createCampaignAction, {});
  const [count, setCount] = useState<SegmentCount | null>(null);
  const [plan, setPlan] = useState<CampaignPlan | null>(null);
  const [unmatched, setUnmatched] = useState<string[]>([]);
  const [countErrors, setCountErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<Record<"es" | "en", string> | null>(null);

  const refresh = useCallback(async () => {
    if (!formRef.current) return;
    const values = Object.fromEntries([...new FormData(formRef.current).entries()].map(([k, v]) => [k, String(v)]));
    const [counted, previewed] = await Promise.all([countSegmentAction(values), previewCampaignAction(values)]);
    setCount(counted.count ?? null);
    setPlan(counted.plan ?? null);
    setUnmatched(counted.unmatched ?? []);
    setCountErrors(counted.fieldErrors ?? {});
    setPreview(previewed);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (state.ok && state.campaignId) router.push(`/campaigns/${state.campaignId}`);
  }, [state, router]);

  const errors = { ...countErrors, ...(state.fieldErrors ?? {}) };
  const error = (name: string) => (errors[name] ? t(`errors.${errors[name]}` as "errors.required") : undefined);
  const v = (name: string, fallback = "") => state.values?.[name] ?? fallback;
  const when = (at: Date) => formatDateTime(new Date(at), { locale, timeZone });
  const money = (cents: number) =>
    formatMoney({ amountMinor: cents, currency: currency as Currency, locale: locale === "en" ? "en" : "es" });
  // The project's Field, Input and Select: label, hint and error wired to the control for screen readers.
  const field = (name: string, label: string, control: React.ReactNode, hint?: string) => (
    <Field id={name} label={label} hint={hint} error={error(name)}>
      {control}
    </Field>
  );
  const describedBy = (name: string, hint = false) => (error(name) ? `${name}-error` : hint ? `${name}-hint` : undefined);
  const input = (name: string, type = "text", extra: Record<string, unknown> = {}, hint = false, fallback = "") => (
    <Input
      id={name}
      name={name}
      type={type}
      defaultValue={v(name, fallback)}
      invalid={Boolean(error(name))}
      aria-describedby={describedBy(name, hint)}
      {...extra}
    />
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <form ref={formRef} action={formAction} onChange={() => void refresh()} className="space-y-4" noValidate data-testid="campaign-form">
        {state.formError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
            {t(`errors.${state.formError}` as "errors.form")}
          </p>
        )}
        {state.fieldErrors && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
            {t("errors.form")}
          </p>
        )}
        {field("name", t("form.name"), input("name", "text", { required: true, maxLength: 120 }))}
        {field(
          "templateType",
          t("form.template"),
          <Select
            id="templateType"
            name="templateType"
            defaultValue={v("templateType") || templates[0]}
            invalid={Boolean(error("templateType"))}
            aria-describedby={describedBy("templateType")}
          >
            {templates.map((type) => (
              <option key={type} value={type}>
                {t(`templates.${type}` as "templates.campaign_recall")}
              </option>
            ))}
          </Select>,
        )}
        {field("bookingUrl", t("form.bookingUrl"), input("bookingUrl", "url", { placeholder: "https://" }, true), t("form.bookingUrlHint"))}
        {field(
          "scheduledAt",
          t("form.scheduledAt"),
          input("scheduledAt", "datetime-local", {}, true),
          t("form.scheduledAtHint", { timeZone }),
        )}

        <fieldset className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-gray-200" data-testid="campaign-schedule">
          <legend className="px-1 text-sm font-semibold text-gray-900">{t("form.schedule")}</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            {field(
              "sendWindowStart",
              t("form.sendWindowStart"),
              input("sendWindowStart", "time", {}, true, "10:00"),
              t("form.sendWindowHint"),
            )}
            {field("sendWindowEnd", t("form.sendWindowEnd"), input("sendWindowEnd", "time", {}, false, "19:00"))}
            {field(
              "dailyCap",
              t("form.dailyCap"),
              input("dailyCap", "number", { min: 1, max: 100000, list: "daily-cap-tiers" }, true, "250"),
              t("form.dailyCapHint"),
            )}
            {field(
              "patientCapDays",
              t("form.patientCapDays"),
              input("patientCapDays", "number", { min: 0, max: 90 }, true, "7"),
              t("form.patientCapDaysHint"),
            )}
            {field(
              "pricePerMessage",
              t("form.pricePerMessage", { currency }),
              input("pricePerMessage", "text", { inputMode: "decimal", placeholder: "0.00" }, true),
              t("form.pricePerMessageHint"),
            )}
          </div>
          <datalist id="daily-cap-tiers">
            <option value="250" />
            <option value="2000" />
            <option value="10000" />
          </datalist>
        </fieldset>

        <fieldset className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-gray-200">
          <legend className="px-1 text-sm font-semibold text-gray-900">{t("form.segment")}</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            {field("lastVisitAfter", t("form.lastVisitAfter"), input("lastVisitAfter", "date"))}
            {field("lastVisitBefore", t("form.lastVisitBefore"), input("lastVisitBefore", "date"))}
            {field("noVisitMonths", t("form.noVisitMonths"), input("noVisitMonths", "number", { min: 1, max: 120 }))}
            {field(
              "doctorId",
              t("form.doctorId"),
              <Select
                id="doctorId"
                name="doctorId"
                defaultValue={v("doctorId")}
                invalid={Boolean(error("doctorId"))}
                aria-describedby={describedBy("doctorId")}
              >
                <option value="">{t("form.anyDoctor")}</option>
                {doctors.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </Select>,
            )}
            {field(
              "visitKind",
              t("form.visitKind"),
              <Select
                id="visitKind"
                name="visitKind"
                defaultValue={v("visitKind")}
                invalid={Boolean(error("visitKind"))}
                aria-describedby={describedBy("visitKind")}
              >
                <option value="">{t("form.anyKind")}</option>
                <option value="in_person">{t("form.inPerson")}</option>
                <option value="video">{t("form.video")}</option>
              </Select>,
            )}
            {field(
              "locale",
              t("form.locale"),
              <Select
                id="locale"
                name="locale"
                defaultValue={v("locale")}
                invalid={Boolean(error("locale"))}
                aria-describedby={describedBy("locale")}
              >
                <option value="">{t("form.anyLocale")}</option>
                <option value="es">{t("form.es")}</option>
                <option value="en">{t("form.en")}</option>
              </Select>,
            )}
            {field("ageMin", t("form.ageMin"), input("ageMin", "number", { min: 0, max: 120 }))}
            {field("ageMax", t("form.ageMax"), input("ageMax", "number", { min: 0, max: 120 }))}
            {field(
              "hasUpcomingVisit",
              t("form.hasUpcomingVisit"),
              <Select
                id="hasUpcomingVisit"
                name="hasUpcomingVisit"
                defaultValue={v("hasUpcomingVisit")}
                invalid={Boolean(error("hasUpcomingVisit"))}
                aria-describedby={describedBy("hasUpcomingVisit")}
              >
                <option value="">{t("form.anyUpcoming")}</option>
                <option value="yes">{t("form.withUpcoming")}</option>
                <option value="no">{t("form.withoutUpcoming")}</option>
              </Select>,
            )}
          </div>
          <Field id="patientList" label={t("list.label")} hint={t("list.hint")} error={error("patientList")}>
            <textarea
              id="patientList"
              name="patientList"
              rows={4}
              defaultValue={v("patientList")}
              aria-invalid={Boolean(error("patientList")) || undefined}
              aria-describedby={describedBy("patientList", true)}
              className="block w-full rounded-md border border-gray-300 px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
            />
          </Field>
          {unmatched.length > 0 && (
            <div className="rounded-md bg-amber-50 p-3 text-sm" data-testid="list-unmatched" aria-live="polite">
              <p className="font-medium">{t("list.unmatched", { count: unmatched.length })}</p>
              <ul className="mt-1 list-inside list-disc">
                {unmatched.slice(0, 50).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          )}
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? t("form.saving") : t("form.submit")}
        </Button>
      </form>

      <aside className="space-y-4">
        <section className="rounded-lg bg-white p-4 ring-1 ring-gray-200" aria-live="polite" data-testid="segment-count">
          <h2 className="text-sm font-semibold">{t("count.title")}</h2>
          {count ? (
            <>
              <p className="mt-2 text-lg font-semibold" data-testid="segment-recipients">
                {t("count.recipients", { count: count.recipients })}
              </p>
              <h3 className="mt-3 text-xs font-medium text-gray-500">{t("count.excludedTitle")}</h3>
              <ul className="mt-1 space-y-1 text-sm">
                {(Object.entries(count.excluded) as [keyof SegmentCount["excluded"], number][]).map(([reason, n]) => (
                  <li key={reason} data-testid={`excluded-${reason}`}>
                    {n} · {t(`count.reasons.${reason}`)}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="mt-2 text-sm text-gray-600">{t("count.loading")}</p>
          )}
        </section>
        {plan && plan.recipients > 0 && (
          <section className="rounded-lg bg-white p-4 ring-1 ring-gray-200" aria-live="polite" data-testid="campaign-estimate">
            <h2 className="text-sm font-semibold">{t("estimate.title")}</h2>
            <p className="mt-2 text-sm font-medium" data-testid="estimate-days">
              {t("estimate.days", { count: plan.days.length })}
            </p>
            {plan.firstSendAt && <p className="text-sm">{t("estimate.from", { date: when(plan.firstSendAt) })}</p>}
            {plan.lastSendAt && plan.days.length > 1 && <p className="text-sm">{t("estimate.until", { date: when(plan.lastSendAt) })}</p>}
            <p className="mt-2 text-sm font-medium" data-testid="estimate-cost">
              {t("estimate.cost", { amount: money(plan.estimatedCostCents) })}
            </p>
            <p className="text-xs text-gray-500">{t("estimate.costHint")}</p>
          </section>
        )}
        {preview && (
          <section className="rounded-lg bg-white p-4 ring-1 ring-gray-200" data-testid="campaign-preview">
            <h2 className="text-sm font-semibold">{t("preview.title")}</h2>
            <p className="text-xs text-gray-500">{t("preview.sample")}</p>
            {(["es", "en"] as const).map((locale) => (
              <div key={locale} className="mt-3">
                <h3 className="text-xs font-medium text-gray-500">{t(`preview.${locale}`)}</h3>
                <p className="mt-1 rounded-md bg-green-50 p-2 text-sm whitespace-pre-line" data-testid={`preview-${locale}`}>
                  {preview[locale]}
                </p>
              </div>
            ))}
          </section>
        )}
      </aside>
    </div>
  );
}
