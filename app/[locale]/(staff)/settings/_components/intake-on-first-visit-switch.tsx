"use client";

import { useOptimistic, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { setIntakeFormOnFirstVisitAction } from "@/lib/forms/actions";

/**
 * The clinic's switch "send the intake form with the first visit's confirmation", for the settings page
 * (admins edit, others read). Placed through `<IntakeOnFirstVisitSetting />`, which reads the setting.
 */
export function IntakeOnFirstVisitSwitch({ enabled, canEdit }: { enabled: boolean; canEdit: boolean }) {
  const t = useTranslations("intakeForms.firstVisitSetting");
  const [optimistic, setOptimistic] = useOptimistic(enabled);
  const [, startTransition] = useTransition();
  return (
    <div className="flex items-start gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
      <input
        id="intake-on-first-visit"
        type="checkbox"
        role="switch"
        checked={optimistic}
        disabled={!canEdit}
        aria-describedby="intake-on-first-visit-hint"
        className="mt-0.5 h-5 w-5 cursor-pointer rounded border-gray-300 accent-brand-600 disabled:cursor-not-allowed disabled:opacity-60"
        onChange={(event) => {
          const next = event.target.checked;
          startTransition(async () => {
            setOptimistic(next);
            const result = await setIntakeFormOnFirstVisitAction(next);
            if (result.ok) toast.success(t("saved"));
            else toast.error(t("failed"));
          });
        }}
      />
      <div>
        <label htmlFor="intake-on-first-visit" className="text-sm font-medium text-gray-900">
          {t("label")}
        </label>
        <p id="intake-on-first-visit-hint" className="text-xs text-gray-600">
          {t("hint")}
        </p>
      </div>
    </div>
  );
}
