"use client";

import { useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { setReminderLeadAction } from "@/lib/notifications/settings-actions";
import { Select } from "@/components/ui/field";

export function LeadSelect({ value, options, canEdit }: { value: number; options: readonly number[]; canEdit: boolean }) {
  const t = useTranslations("settings");
  const [pending, startTransition] = useTransition();
  return (
    <div>
      <div className="flex items-center gap-3">
        <label htmlFor="reminder-lead" className="text-sm font-medium text-gray-800">
          {t("leadLabel")}
        </label>
        <div className="w-40">
          <Select
            id="reminder-lead"
            defaultValue={String(value)}
            disabled={!canEdit || pending}
            onChange={(event) => {
              const hours = Number(event.target.value);
              startTransition(async () => {
                const result = await setReminderLeadAction(hours);
                if (result.ok) toast.success(t("savedVisits", { count: result.visitsChanged }));
                else toast.error(t("failed"));
              });
            }}
          >
            {options.map((hours) => (
              <option key={hours} value={hours}>
                {t("leadOption", { hours })}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <p className="mt-2 text-xs text-gray-600">{t("leadHint")}</p>
    </div>
  );
}
