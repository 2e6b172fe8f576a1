import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { createStripeClient } from "@/lib/payments/gateway";
import { getPaymentReminderSettings } from "@/lib/payments/reminder-settings";
import { getConnectAccountState, getConnectedAccountId } from "@/lib/payments/stripe-connect";
import { PaymentReminderSettingsForm } from "./_components/payment-reminder-settings-form";
import { StripeConnectForm } from "./_components/stripe-connect-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payments"))("settings.title") };
}

/** Settings → Payments: whether balance reminders go out after a payment request, and when (admins edit). */
export default async function PaymentSettingsPage({ searchParams }: { searchParams: Promise<{ connect?: string }> }) {
  const ctx = await requireStaff("settings:read");
  const [t, db, { connect }] = await Promise.all([getTranslations("payments"), getDb(), searchParams]);
  const [settings, accountId] = await Promise.all([
    getPaymentReminderSettings(db, { clinicId: ctx.clinicId }),
    getConnectedAccountId(db, { clinicId: ctx.clinicId }),
  ]);
  const canEdit = can(ctx.role, "settings:write");
  const secretKey = getEnv().STRIPE_SECRET_KEY;
  // Asked only with keys and an account on record: whether onboarding is done.
  const account = secretKey && accountId ? await getConnectAccountState({ stripe: createStripeClient(secretKey), accountId }) : null;
  const connectNotice = ["returned", "notConfigured", "providerError", "forbidden"].includes(connect ?? "") ? connect : null;
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
      <section
        aria-labelledby="stripe-connect-heading"
        className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200"
        data-testid="stripe-connect"
      >
        <h2 id="stripe-connect-heading" className="text-lg font-semibold">
          {t("connect.title")}
        </h2>
        <p className="text-sm text-gray-600">{t("connect.intro")}</p>
        {connectNotice && (
          <p role="status" className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-900 ring-1 ring-brand-100">
            {t(`connect.notice.${connectNotice}` as "connect.notice.returned")}
          </p>
        )}
        {!secretKey ? (
          <p className="text-sm text-gray-800" data-testid="stripe-connect-status">
            {t("connect.simulated")}
          </p>
        ) : (
          <>
            <p className="text-sm text-gray-800" data-testid="stripe-connect-status">
              {!accountId
                ? t("connect.none")
                : account?.chargesEnabled
                  ? t("connect.enabled", { account: accountId })
                  : t("connect.incomplete", { account: accountId })}
            </p>
            {canEdit && !account?.chargesEnabled && <StripeConnectForm connected={Boolean(accountId)} />}
          </>
        )}
      </section>
      <PaymentReminderSettingsForm canEdit={canEdit} initial={settings} />
    </div>
  );
}
