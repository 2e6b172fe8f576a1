"use client";

import { useActionState } from "react";
import { payAction, type PayState } from "./payment-action";

/** The one button of the payment page; its labels come from the server in the patient's language. */
export function PayButton({ token, labels }: { token: string; labels: { pay: string; paying: string; errors: Record<string, string> } }) {
  const [state, formAction, pending] = useActionState<PayState, FormData>(payAction.bind(null, token), {});
  return (
    <form action={formAction} className="space-y-3">
      {state.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {labels.errors[state.error] ?? labels.errors.providerError}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        data-testid="pay-button"
        className="inline-flex min-h-12 w-full items-center justify-center rounded-lg bg-brand-600 px-4 py-3 text-base font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:bg-brand-500/60"
      >
        {pending ? labels.paying : labels.pay}
      </button>
    </form>
  );
}
