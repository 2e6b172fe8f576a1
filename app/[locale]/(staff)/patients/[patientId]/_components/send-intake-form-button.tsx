"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { sendIntakeFormAction, type SendIntakeFormState } from "@/lib/forms/actions";
import { Button } from "@/components/ui/button";

/** Staff send the clinic's intake form to the patient (a new link each time). */
export function SendIntakeFormButton({ patientId }: { patientId: string }) {
  const t = useTranslations("intakeForms");
  const [state, formAction, pending] = useActionState<SendIntakeFormState, FormData>(sendIntakeFormAction.bind(null, patientId), {});
  useEffect(() => {
    if (state.ok) toast.success(t("sent"));
  }, [state, t]);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <Button type="submit" disabled={pending}>
        {pending ? t("sending") : t("send")}
      </Button>
      {state.formError && (
        <p role="alert" className="text-sm text-red-700">
          {t(`errors.${state.formError}`)}
        </p>
      )}
    </form>
  );
}
