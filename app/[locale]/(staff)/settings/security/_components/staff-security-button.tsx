"use client";

import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { endStaffSessionsAction, unlockStaffSignInAction } from "@/lib/auth/security-actions";
import { Button } from "@/components/ui/button";

const ACTIONS = { unlock: unlockStaffSignInAction, endSessions: endStaffSessionsAction } as const;
const DONE = { unlock: "unlocked", endSessions: "sessionsEnded" } as const;

/** One admin action on one staff member of Settings → Security, with a toast and a localized error. */
export function StaffSecurityButton({ kind, userId, name }: { kind: keyof typeof ACTIONS; userId: string; name: string }) {
  const t = useTranslations("security");
  const [error, setError] = useState<"forbidden" | "notFound">();
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex items-center gap-2">
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {t(`errors.${error}`)}
        </span>
      )}
      <Button
        type="button"
        variant="secondary"
        className="px-3 py-1 text-xs"
        disabled={pending}
        aria-label={`${t(kind)}: ${name}`}
        onClick={() =>
          startTransition(async () => {
            const result = await ACTIONS[kind](userId);
            if (result.ok) {
              setError(undefined);
              toast.success(t(DONE[kind]));
            } else setError(result.error);
          })
        }
      >
        {t(kind)}
      </Button>
    </span>
  );
}
