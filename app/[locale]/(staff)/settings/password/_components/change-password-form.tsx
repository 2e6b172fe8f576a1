"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { changePasswordAction, type ChangePasswordState } from "@/lib/auth/security-actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

type PasswordField = "currentPassword" | "newPassword";

/** Current + new password; errors per field (localized), a toast saying how many other sessions ended. */
export function ChangePasswordForm() {
  const t = useTranslations("security.password");
  const [state, formAction, pending] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  useEffect(() => {
    if (state.changedAt) toast.success(t("changed", { count: state.endedSessions ?? 0 }));
  }, [state.changedAt, state.endedSessions, t]);

  const fieldError = (name: PasswordField) => {
    const code =
      state.fieldErrors?.[name] ?? (name === "currentPassword" && state.formError === "wrongCurrent" ? "wrongCurrent" : undefined);
    return code ? t(`errors.${code}` as "errors.required") : undefined;
  };
  const describedBy = (name: PasswordField, hint?: boolean) =>
    fieldError(name) ? `password-${name}-error` : hint ? `password-${name}-hint` : undefined;

  return (
    <form action={formAction} className="space-y-5" noValidate>
      {(state.fieldErrors || state.formError === "locked") && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {state.formError === "locked" ? t("errors.locked") : t("errors.form")}
        </p>
      )}
      <fieldset disabled={pending} className="space-y-4">
        <Field id="password-currentPassword" label={t("current")} error={fieldError("currentPassword")}>
          <Input
            id="password-currentPassword"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            invalid={Boolean(fieldError("currentPassword"))}
            aria-describedby={describedBy("currentPassword")}
          />
        </Field>
        <Field id="password-newPassword" label={t("new")} hint={t("newHint")} error={fieldError("newPassword")}>
          <Input
            id="password-newPassword"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={200}
            invalid={Boolean(fieldError("newPassword"))}
            aria-describedby={describedBy("newPassword", true)}
          />
        </Field>
      </fieldset>
      <Button type="submit" disabled={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
