"use client";

import { useActionState, useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { updateMessagingSettingsAction, type MessagingFormState } from "@/lib/messaging/actions";

export interface TemplateRow {
  key: string;
  category: "UTILITY" | "MARKETING";
  locale: "es" | "en";
  body: string;
  buttons: { id: string; title: string }[];
  sid: string;
}

interface Initial {
  mode: "shared" | "own";
  accountSid: string;
  authTokenLast4: string | null;
  messagingServiceSid: string;
  whatsappFrom: string;
  smsFrom: string;
}

/** What to paste into Twilio's Content Template Builder: the body, and the quick replies when there are any. */
function builderText(template: TemplateRow) {
  return template.buttons.length ? [template.body, "", ...template.buttons.map((b) => `${b.title} — ${b.id}`)].join("\n") : template.body;
}

/** Shared or own sender; the own account's SIDs, token and numbers; a Content SID per template key. */
export function MessagingSettingsForm({
  initial,
  sharedLive,
  templates,
  missingCount,
}: {
  initial: Initial;
  sharedLive: boolean;
  templates: TemplateRow[];
  missingCount: number;
}) {
  const t = useTranslations("messaging");
  const [state, formAction, pending] = useActionState<MessagingFormState, FormData>(updateMessagingSettingsAction, {});
  const [mode, setMode] = useState<"shared" | "own">(initial.mode);
  useEffect(() => {
    if (state.ok) toast.success(t("saved"));
  }, [state, t]);
  const value = (name: keyof Initial) => state.values?.[name] ?? String(initial[name] ?? "");
  const error = (name: string) => {
    const code = state.fieldErrors?.[name];
    return code ? t(`errors.${code}`) : undefined;
  };
  const described = (id: string, name: string) => ({
    "aria-describedby": error(name) ? `${id}-error` : `${id}-hint`,
    invalid: Boolean(error(name)),
  });

  return (
    <form action={formAction} className="space-y-6" aria-label={t("title")}>
      {state.formError && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {t(`errors.${state.formError}`)}
        </p>
      )}
      {state.fieldErrors && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {t("errors.notSaved")}
        </p>
      )}
      <fieldset className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
        <legend className="text-sm font-semibold text-gray-900">{t("mode.legend")}</legend>
        {(["shared", "own"] as const).map((option) => (
          <label key={option} className="flex items-start gap-3 text-sm text-gray-800">
            <input
              type="radio"
              name="mode"
              value={option}
              // Uncontrolled: React resets the form after each submit, to the mode just submitted.
              defaultChecked={(state.values?.mode ?? initial.mode) === option}
              onChange={() => setMode(option)}
              className="mt-0.5 h-4 w-4 accent-brand-600"
            />
            <span>
              <span className="font-medium">{t(`mode.${option}`)}</span>
              <span className="block text-xs text-gray-600">
                {option === "shared" ? t(sharedLive ? "mode.sharedHintLive" : "mode.sharedHintSimulated") : t("mode.ownHint")}
              </span>
            </span>
          </label>
        ))}
      </fieldset>

      <section
        aria-labelledby="own-sender-heading"
        className="space-y-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200"
        hidden={mode !== "own"}
      >
        <h2 id="own-sender-heading" className="text-base font-semibold">
          {t("own.title")}
        </h2>
        <p className="text-sm text-gray-600">{t("own.intro")}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="account-sid" label={t("own.accountSid")} hint={t("own.accountSidHint")} error={error("accountSid")}>
            <Input
              id="account-sid"
              name="accountSid"
              defaultValue={value("accountSid")}
              autoComplete="off"
              spellCheck={false}
              placeholder="AC…"
              {...described("account-sid", "accountSid")}
            />
          </Field>
          <Field
            id="auth-token"
            label={t("own.authToken")}
            hint={initial.authTokenLast4 ? t("own.authTokenSet", { last4: initial.authTokenLast4 }) : t("own.authTokenHint")}
            error={error("authToken")}
          >
            <Input
              id="auth-token"
              name="authToken"
              type="password"
              defaultValue=""
              autoComplete="new-password"
              spellCheck={false}
              placeholder={initial.authTokenLast4 ? `•••• ${initial.authTokenLast4}` : ""}
              {...described("auth-token", "authToken")}
            />
          </Field>
          <Field
            id="messaging-service-sid"
            label={t("own.messagingServiceSid")}
            hint={t("own.messagingServiceSidHint")}
            error={error("messagingServiceSid")}
          >
            <Input
              id="messaging-service-sid"
              name="messagingServiceSid"
              defaultValue={value("messagingServiceSid")}
              autoComplete="off"
              spellCheck={false}
              placeholder="MG…"
              {...described("messaging-service-sid", "messagingServiceSid")}
            />
          </Field>
          <div className="hidden sm:block" />
          <Field id="whatsapp-from" label={t("own.whatsappFrom")} hint={t("own.fromHint")} error={error("whatsappFrom")}>
            <Input
              id="whatsapp-from"
              name="whatsappFrom"
              type="tel"
              defaultValue={value("whatsappFrom")}
              placeholder="+52 55 1234 5678"
              {...described("whatsapp-from", "whatsappFrom")}
            />
          </Field>
          <Field id="sms-from" label={t("own.smsFrom")} hint={t("own.fromHint")} error={error("smsFrom")}>
            <Input
              id="sms-from"
              name="smsFrom"
              type="tel"
              defaultValue={value("smsFrom")}
              placeholder="+52 55 1234 5678"
              {...described("sms-from", "smsFrom")}
            />
          </Field>
        </div>
      </section>

      <section aria-labelledby="templates-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
        <h2 id="templates-heading" className="text-base font-semibold">
          {t("templates.title")}
        </h2>
        <p className="text-sm text-gray-600">{t("templates.intro")}</p>
        <p
          role="status"
          className={
            missingCount > 0
              ? "rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
              : "rounded-md bg-green-50 px-3 py-2 text-sm text-green-900 ring-1 ring-green-200"
          }
        >
          {missingCount > 0
            ? t("templates.missing", { count: missingCount, total: templates.length })
            : t("templates.allSet", { total: templates.length })}
        </p>
        <ul className="divide-y divide-gray-200">
          {templates.map((template) => {
            const field = `sid:${template.key}`;
            const id = `sid-${template.key.replaceAll(".", "-")}`;
            const typed = state.values?.[field];
            const isSet = Boolean(template.sid);
            return (
              <li key={template.key} className="space-y-2 py-4" aria-labelledby={`${id}-title`}>
                <div className="flex flex-wrap items-center gap-2">
                  <h3 id={`${id}-title`} className="font-mono text-sm font-semibold text-gray-900">
                    {template.key}
                  </h3>
                  <span className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-700">
                    {t(`templates.category.${template.category}`)} · {template.locale}
                  </span>
                  <span
                    className={
                      isSet
                        ? "rounded bg-green-50 px-1.5 py-0.5 text-xs text-green-800 ring-1 ring-green-200"
                        : "rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-900 ring-1 ring-amber-200"
                    }
                  >
                    {isSet ? t("templates.sidSet") : t("templates.sidMissing")}
                  </span>
                </div>
                <pre className="whitespace-pre-wrap rounded-md bg-gray-50 p-3 text-sm text-gray-800 ring-1 ring-gray-200">
                  {builderText(template)}
                </pre>
                <div className="flex flex-wrap items-end gap-3">
                  <Button
                    type="button"
                    variant="secondary"
                    aria-label={t("templates.copyLabel", { key: template.key })}
                    onClick={async () => {
                      await navigator.clipboard.writeText(builderText(template));
                      toast.success(t("templates.copied"));
                    }}
                  >
                    {t("templates.copy")}
                  </Button>
                  <div className="min-w-72 flex-1">
                    <Field id={id} label={t("templates.sidLabel", { key: template.key })} error={error(field)}>
                      <Input
                        id={id}
                        name={field}
                        defaultValue={typed ?? template.sid}
                        autoComplete="off"
                        spellCheck={false}
                        placeholder="HX…"
                        invalid={Boolean(error(field))}
                        aria-describedby={error(field) ? `${id}-error` : undefined}
                      />
                    </Field>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      <Button type="submit" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}
