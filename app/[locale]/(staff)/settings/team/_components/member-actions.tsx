"use client";

import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import type { StaffRole } from "@/db/schema/enums";
import { changeMemberRoleAction, setMemberActiveAction } from "@/lib/team/actions";
import type { TeamError } from "@/lib/team/team";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";

const ROLES = ["admin", "doctor", "staff"] as const;

/** A member's role picker and deactivate / reactivate button, with a toast or a localized error. */
export function MemberActions({
  userId,
  name,
  role,
  disabled,
  isSelf,
}: {
  userId: string;
  name: string;
  role: StaffRole;
  disabled: boolean;
  isSelf: boolean;
}) {
  const t = useTranslations("team");
  const [error, setError] = useState<TeamError>();
  const [pending, startTransition] = useTransition();
  const run = (
    action: () => Promise<{ ok: true } | { ok: false; error: TeamError }>,
    done: "roleChanged" | "deactivated" | "reactivated",
  ) =>
    startTransition(async () => {
      const result = await action();
      if (result.ok) {
        setError(undefined);
        toast.success(t(done));
      } else setError(result.error);
    });
  return (
    <span className="inline-flex flex-wrap items-center justify-end gap-2">
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {t(`errors.${error}`)}
        </span>
      )}
      <Select
        aria-label={`${t("changeRole")}: ${name}`}
        className="w-36 py-1 text-xs"
        value={role}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          run(() => changeMemberRoleAction(userId, next), "roleChanged");
        }}
      >
        {ROLES.map((value) => (
          <option key={value} value={value}>
            {t(`roles.${value}`)}
          </option>
        ))}
      </Select>
      {!isSelf && (
        <Button
          type="button"
          variant="secondary"
          className="px-3 py-1 text-xs"
          disabled={pending}
          aria-label={`${t(disabled ? "reactivate" : "deactivate")}: ${name}`}
          onClick={() => run(() => setMemberActiveAction(userId, disabled), disabled ? "reactivated" : "deactivated")}
        >
          {t(disabled ? "reactivate" : "deactivate")}
        </Button>
      )}
    </span>
  );
}
