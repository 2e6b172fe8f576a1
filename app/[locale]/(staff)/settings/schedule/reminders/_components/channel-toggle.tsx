"use client";

import { useOptimistic, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { setChannelAction } from "@/lib/notifications/settings-actions";

/** One cell of the grid: a switch that saves at once, optimistically, and says so. Read-only for non-admins. */
export function ChannelToggle(props: { notificationType: string; channel: string; enabled: boolean; label: string; canEdit: boolean }) {
  const t = useTranslations("settings");
  const [optimistic, setOptimistic] = useOptimistic(props.enabled);
  const [, startTransition] = useTransition();
  return (
    <span className="inline-flex items-center gap-2">
      <input
        type="checkbox"
        role="switch"
        aria-label={props.label}
        checked={optimistic}
        disabled={!props.canEdit}
        className="relative h-6 w-11 shrink-0 cursor-pointer appearance-none rounded-full bg-gray-300 transition-colors before:absolute before:top-0.5 before:left-0.5 before:h-5 before:w-5 before:rounded-full before:bg-white before:shadow before:transition-transform before:content-[''] checked:bg-brand-600 checked:before:translate-x-5 disabled:cursor-not-allowed disabled:opacity-60"
        onChange={(event) => {
          const enabled = event.target.checked;
          startTransition(async () => {
            setOptimistic(enabled);
            const result = await setChannelAction({ notificationType: props.notificationType, channel: props.channel, enabled });
            if (result.ok) toast.success(t("savedVisits", { count: result.visitsChanged }));
            else toast.error(t("failed"));
          });
        }}
      />
      <span aria-hidden className="w-6 text-left text-xs text-gray-600">
        {optimistic ? t("toggleOn") : t("toggleOff")}
      </span>
    </span>
  );
}
