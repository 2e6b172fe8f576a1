import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { staffMailIsEmbedded } from "@/lib/staff-mail/send";
import { SettingsNav } from "./_components/settings-nav";

/** Settings: Account, Schedule → Appointment reminders, Password, and Security, Team, Team emails (admins), with their own navigation. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const ctx = await requireStaff("settings:read");
  const [t, tSecurity, tResults, tTeam, tOutbox, doctorsNav, tPayments, messagingNav] = await Promise.all([
    getTranslations("settings"),
    getTranslations("security"),
    getTranslations("resultsSettings"),
    getTranslations("team"),
    getTranslations("staffOutbox"),
    getTranslations("doctors").then((tDoctors) => tDoctors("nav")),
    getTranslations("payments"),
    getTranslations("messaging").then((tMessaging) => tMessaging("nav")),
  ]);
  const admin = can(ctx.role, "team:write");
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
              doctors: doctorsNav,
              payments: tPayments("settings.nav"),
              security: can(ctx.role, "security:write") ? tSecurity("nav") : undefined,
              team: admin ? tTeam("nav") : undefined,
              teamEmails: admin && staffMailIsEmbedded() ? tOutbox("nav") : undefined,
              messaging: can(ctx.role, "settings:write") ? messagingNav : undefined,
            }}
          />
        </nav>
      </div>
      {children}
    </div>
  );
}
