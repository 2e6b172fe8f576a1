import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { SettingsNav } from "./_components/settings-nav";

/** Settings: Account, Schedule → Appointment reminders, Password, and Security (admins), with their own navigation. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const ctx = await requireStaff("settings:read");
  const [t, tSecurity, tResults, tPayments] = await Promise.all([
    getTranslations("settings"),
    getTranslations("security"),
    getTranslations("resultsSettings"),
    getTranslations("payments"),
  ]);
  return (
    <div className="max-w-5xl space-y-6">
      <div className="space-y-3">
        <p className="text-sm font-medium text-gray-500">{t("sectionTitle")}</p>
        <nav aria-label={t("subnavLabel")}>
          <SettingsNav
            labels={{
              account: t("nav.account"),
              schedule: t("nav.schedule"),
              reminders: t("nav.reminders"),
              password: tSecurity("password.nav"),
              results: tResults("nav"),
              payments: tPayments("settings.nav"),
              security: can(ctx.role, "security:write") ? tSecurity("nav") : undefined,
            }}
          />
        </nav>
      </div>
      {children}
    </div>
  );
}
