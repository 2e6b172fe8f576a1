"use client";

import { useRef, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { revokeDocumentLinkAction } from "@/lib/documents/actions";
import { Button } from "@/components/ui/button";

/** "Revoke link" behind a confirmation dialog (native <dialog>: focus is trapped and Esc closes it). */
export function RevokeLinkButton({ patientId, linkId }: { patientId: string; linkId: string }) {
  const t = useTranslations("documents");
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<"notFound" | "forbidden">();
  const [pending, startTransition] = useTransition();
  const titleId = `revoke-title-${linkId}`;
  return (
    <>
      <Button type="button" variant="secondary" className="px-3 py-1 text-xs" onClick={() => dialog.current?.showModal()}>
        {t("revoke")}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-gray-900/40"
      >
        <div className="space-y-3 p-5">
          <h3 id={titleId} className="text-base font-semibold">
            {t("revokeTitle")}
          </h3>
          <p className="text-sm text-gray-700">{t("revokeBody")}</p>
          {error && (
            <p role="alert" className="text-sm text-red-700">
              {t(`errors.${error}`)}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              {t("cancel")}
            </Button>
            <Button
              type="button"
              className="bg-red-700 hover:bg-red-800"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await revokeDocumentLinkAction(patientId, linkId);
                  if (result.ok) {
                    dialog.current?.close();
                    toast.success(t("revoked"));
                  } else setError(result.error);
                })
              }
            >
              {t("revokeConfirm")}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
