import type { ReactNode } from "react";
import { setUiLocaleAction, signOutAction } from "@/lib/auth/actions";
import { can } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { AppShell } from "@/components/layout/app-shell";
import { getEnv } from "@/lib/env";
import { messagesAreSimulated } from "@/lib/production-check";

export default async function StaffLayout({ children }: { children: ReactNode }) {
  const ctx = await requireStaff();
  return (
    <AppShell
      ctx={ctx}
      simulated={messagesAreSimulated(getEnv())}
      actions={{ signOut: signOutAction, saveLocale: setUiLocaleAction }}
      canSeePayments={can(ctx.role, "payments:read")}
      canSeeCampaigns={can(ctx.role, "campaigns:read")}
    >
      {children}
    </AppShell>
  );
}
