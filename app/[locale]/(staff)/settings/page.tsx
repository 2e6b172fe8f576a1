import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getClinicAccount } from "@/lib/clinics/account";
import { formatTrialEnd } from "@/lib/onboarding/format-trial-end";
import { getTrialEnd } from "@/lib/onboarding/setup-checklist";
import { configuredProviders } from "@/lib/clinics/providers";
import { getMessagingSettings } from "@/lib/messaging/clinic-messaging";
import { timeZoneOptions } from "@/lib/clinics/timezones";
import { formatPhone } from "@/lib/patients/phone";
import { AccountForm } from "./_components/account-form";
import { ProvidersList } from "./_components/providers-list";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("account.title") };
}

/** Settings → Account: the clinic's name, zone, video room base URL, phone and address (with its maps link); which providers are configured. */
export default async function AccountSettingsPage() {
  const ctx = await requireStaff("settings:read");
  const [t, tSetup, locale, db] = await Promise.all([getTranslations("settings"), getTranslations("setup"), getLocale(), getDb()]);
  const [account, trialEnd, messaging] = await Promise.all([
    getClinicAccount(db, { clinicId: ctx.clinicId }),
    getTrialEnd(db, ctx),
    getMessagingSettings(db, { clinicId: ctx.clinicId }),
  ]);
  if (!account) notFound();
  const canEdit = can(ctx.role, "settings:write");

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("account.title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("account.intro")}</p>
        {trialEnd && (
          <p className="mt-2 text-sm text-gray-700" data-testid="trial-ends">
            {tSetup("trialEnds", { date: formatTrialEnd(trialEnd, { locale, timeZone: ctx.clinic.timezone }) })}
          </p>
        )}
        {!canEdit && (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" role="note">
            {t("account.readOnly")}
          </p>
        )}
      </div>
      <section aria-labelledby="clinic-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
        <h2 id="clinic-heading" className="mb-4 text-base font-semibold">
          {t("account.clinicSection")}
        </h2>
        <AccountForm
          canEdit={canEdit}
          initial={{
            name: account.name,
            timezone: account.timezone,
            videoRoomBaseUrl: account.videoRoomBaseUrl ?? "",
            phone: account.phone ? formatPhone(account.phone) : "",
            address: account.address ?? "",
          }}
          timeZones={timeZoneOptions()}
        />
      </section>
      <ProvidersList providers={configuredProviders()} clinicSender={messaging.mode} />
    </div>
  );
}
