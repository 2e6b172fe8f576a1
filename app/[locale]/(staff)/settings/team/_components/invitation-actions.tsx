"use client";

import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { resendInvitationAction, revokeInvitationAction } from "@/lib/team/actions";
import type { TeamError } from "@/lib/team/team";
import { Button } from "@/components/ui/button";

/** Resend (a new link, 7 more days) or revoke a pending invitation. */
export function InvitationActions({ invitationId, email }: { invitationId: string; email: string }) {
  const t = useTranslations("team");
  const [error, setError] = useState<TeamError>();
  const [pending, startTransition] = useTransition();
  const run = (kind: "resend" | "revoke") =>
    startTransition(async () => {
      const result = kind === "resend" ? await resendInvitationAction(invitationId) : await revokeInvitationAction(invitationId);
      if (result.ok) {
        setError(undefined);
        toast.success(t(kind === "resend" ? "invitations.resent" : "invitations.revoked"));
      } else setError(result.error);
    });
  return (
    <span className="inline-flex items-center gap-2">
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {t(`errors.${error}`)}
        </span>
      )}
      {(["resend", "revoke"] as const).map((kind) => (
        <Button
          key={kind}
          type="button"
          variant="secondary"
          className="px-3 py-1 text-xs"
          disabled={pending}
          aria-label={`${t(`invitations.${kind}`)}: ${email}`}
          onClick={() => run(kind)}
        >
          {t(`invitations.${kind}`)}
        </Button>
      ))}
    </span>
  );
}
