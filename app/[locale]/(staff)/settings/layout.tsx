import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/session";
import { SettingsNav } from "./_components/settings-nav";

/** Settings: Account, and Schedule → Appointment reminders, with their own navigation. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requireStaff("settings:read");
  const t = await getTranslations("settings");
  return (
    <div className="max-w-5xl space-y-6">
      <div className="space-y-3">
        <p className="text-sm font-medium text-gray-500">{t("sectionTitle")}</p>
        <nav aria-label={t("subnavLabel")}>
          <SettingsNav labels={{ account: t("nav.account"), schedule: t("nav.schedule"), reminders: t("nav.reminders") }} />
        </nav>
      </div>
      {children}
    </div>
  );
}
