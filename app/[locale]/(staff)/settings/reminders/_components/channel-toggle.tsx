"use client";

import { useOptimistic, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { setChannelAction } from "@/lib/notifications/settings-actions";

/** One cell of the grid: saves at once, optimistically, and says so. Read-only for non-admins. */
export function ChannelToggle(props: { notificationType: string; channel: string; enabled: boolean; label: string; canEdit: boolean }) {
  const t = useTranslations("settings");
  const [optimistic, setOptimistic] = useOptimistic(props.enabled);
  const [, startTransition] = useTransition();
  return (
    <input
      type="checkbox"
      role="switch"
      aria-label={props.label}
      checked={optimistic}
      disabled={!props.canEdit}
      className="h-5 w-5 cursor-pointer rounded border-gray-300 accent-brand-600 disabled:cursor-not-allowed disabled:opacity-60"
      onChange={(event) => {
        const enabled = event.target.checked;
        startTransition(async () => {
          setOptimistic(enabled);
          const result = await setChannelAction({ notificationType: props.notificationType, channel: props.channel, enabled });
          if (result.ok) toast.success(t("saved"));
          else toast.error(t("failed"));
        });
      }}
    />
  );
}
