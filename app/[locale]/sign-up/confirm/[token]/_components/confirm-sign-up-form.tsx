"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { confirmSignUpAction, type ConfirmSignUpState } from "@/lib/onboarding/actions";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";

export function ConfirmSignUpForm({ token }: { token: string }) {
  const t = useTranslations("signUp");
  const [state, formAction, pending] = useActionState<ConfirmSignUpState>(confirmSignUpAction.bind(null, token), {});
  if (state.done || state.error) {
    return (
      <div className="space-y-4">
        <p
          role={state.done ? "status" : "alert"}
          data-testid={state.done ? "sign-up-confirmed" : "sign-up-invalid"}
          className="text-sm text-gray-700"
        >
          {state.done ? t("confirmed") : t(state.error!)}
        </p>
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          {t("goToSignIn")}
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction}>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("confirming") : t("confirmSubmit")}
      </Button>
    </form>
  );
}
