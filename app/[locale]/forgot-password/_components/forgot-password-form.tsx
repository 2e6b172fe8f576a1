"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { requestPasswordResetAction, type ForgotState } from "@/lib/team/actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Link } from "@/components/ui/link";

export function ForgotPasswordForm() {
  const t = useTranslations("passwordReset");
  const [state, formAction, pending] = useActionState<ForgotState, FormData>(requestPasswordResetAction, {});
  return (
    <div className="space-y-4">
      {state.sentAt ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900 ring-1 ring-green-200" data-testid="reset-sent">
          {t("sent")}
        </p>
      ) : (
        <form action={formAction} className="space-y-4" noValidate>
          {state.error === "throttled" && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              {t("throttled", { minutes: state.minutes ?? 15 })}
            </p>
          )}
          <Field id="forgot-email" label={t("email")} error={state.error === "invalidEmail" ? t("invalidEmail") : undefined}>
            <Input
              id="forgot-email"
              name="email"
              type="email"
              autoComplete="username"
              required
              defaultValue={state.email}
              invalid={state.error === "invalidEmail"}
            />
          </Field>
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? t("sending") : t("send")}
          </Button>
        </form>
      )}
      <p className="text-center text-sm">
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          {t("backToSignIn")}
        </Link>
      </p>
    </div>
  );
}
