"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { startStripeOnboardingAction, type PaymentFormState } from "@/lib/payments/actions";

/** "Connect with Stripe" / "Continue in Stripe": the server action makes a fresh Account Link and redirects to it. */
export function StripeConnectForm({ connected }: { connected: boolean }) {
  const t = useTranslations("payments");
  const [state, formAction, pending] = useActionState<PaymentFormState, FormData>(startStripeOnboardingAction, {});
  return (
    <form action={formAction} className="space-y-2" aria-label={t("connect.title")}>
      {state.formError && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {t(`connect.errors.${state.formError.replace("connect_", "")}` as "connect.errors.providerError")}
        </p>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? t("connect.opening") : connected ? t("connect.resume") : t("connect.start")}
      </Button>
    </form>
  );
}
