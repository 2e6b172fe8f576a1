"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { uploadLabResultAction, type UploadFormState } from "@/lib/documents/actions";
import { Button } from "@/components/ui/button";

/** Upload a lab-result PDF; the patient's message goes out with its link. */
export function DocumentUploadForm({ patientId }: { patientId: string }) {
  const t = useTranslations("documents");
  const [state, action, pending] = useActionState<UploadFormState, FormData>(uploadLabResultAction.bind(null, patientId), {});
  useEffect(() => {
    if (state.ok) toast.success(t("uploaded"));
  }, [state, t]);
  const inputId = "lab-result-file";
  const describedBy = state.error ? `${inputId}-error` : `${inputId}-hint`;
  return (
    <form action={action} key={state.at} className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
      <h3 className="text-base font-semibold">{t("uploadTitle")}</h3>
      <div className="space-y-1">
        <label htmlFor={inputId} className="block text-sm font-medium text-gray-800">
          {t("fileLabel")}
        </label>
        <input
          id={inputId}
          name="file"
          type="file"
          accept="application/pdf,.pdf"
          required
          aria-invalid={Boolean(state.error)}
          aria-describedby={describedBy}
          className="block w-full text-sm text-gray-800 file:mr-3 file:rounded-md file:border-0 file:bg-gray-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-gray-200 focus-visible:outline-2 focus-visible:outline-brand-600"
        />
        {state.error ? (
          <p id={`${inputId}-error`} role="alert" className="text-sm text-red-700">
            {t(`errors.${state.error}`)}
          </p>
        ) : (
          <p id={`${inputId}-hint`} className="text-xs text-gray-600">
            {t("uploadHelp")}
          </p>
        )}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? t("uploading") : t("upload")}
      </Button>
    </form>
  );
}
