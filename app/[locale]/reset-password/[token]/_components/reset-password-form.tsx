"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { resetPasswordAction, type ResetState } from "@/lib/team/actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Link } from "@/components/ui/link";

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("passwordReset");
  const [state, formAction, pending] = useActionState<ResetState, FormData>(resetPasswordAction.bind(null, token), {});
  if (state.done || state.error === "invalid") {
    return (
      <div className="space-y-4">
        <p role={state.done ? "status" : "alert"} className="text-sm text-gray-700">
          {state.done ? t("done") : t("invalid")}
        </p>
        <Link href={state.done ? "/sign-in" : "/forgot-password"} className="font-medium text-brand-700 underline">
          {state.done ? t("backToSignIn") : t("requestNew")}
        </Link>
      </div>
    );
  }
  const error = state.error ? t(`errors.${state.error}`) : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <Field id="reset-password" label={t("newPassword")} hint={t("passwordHint")} error={error}>
        <Input
          id="reset-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={200}
          invalid={Boolean(error)}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}
