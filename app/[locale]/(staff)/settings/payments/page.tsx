import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getPaymentReminderSettings } from "@/lib/payments/reminder-settings";
import { PaymentReminderSettingsForm } from "./_components/payment-reminder-settings-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payments"))("settings.title") };
}

/** Settings → Payments: whether balance reminders go out after a payment request, and when (admins edit). */
export default async function PaymentSettingsPage() {
  const ctx = await requireStaff("settings:read");
  const [t, db] = await Promise.all([getTranslations("payments"), getDb()]);
  const settings = await getPaymentReminderSettings(db, { clinicId: ctx.clinicId });
  const canEdit = can(ctx.role, "settings:write");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("settings.title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("settings.intro")}</p>
        {!canEdit && (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" role="note">
            {t("settings.readOnly")}
          </p>
        )}
      </div>
      <PaymentReminderSettingsForm canEdit={canEdit} initial={settings} />
    </div>
  );
}
