import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { configuredProviders } from "@/lib/clinics/providers";
import { getMessagingSettings, missingTemplateKeys } from "@/lib/messaging/clinic-messaging";
import { listTemplates } from "@/lib/notifications/templates/catalog";
import { MessagingSettingsForm, type TemplateRow } from "./_components/messaging-settings-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("messaging"))("title") };
}

/**
 * Settings → WhatsApp and SMS (admins only; others get the not-found page, as Team does): Luna's shared
 * sender or the clinic's own Twilio account, and every WhatsApp template with its text ready for Twilio's
 * Content Template Builder, a copy button and whether the clinic's Content SID is set. The auth token is
 * never sent to the browser: only whether it is set and its last four characters.
 */
export default async function MessagingSettingsPage() {
  const ctx = await requireStaff("settings:read");
  if (!can(ctx.role, "settings:write")) notFound();
  const [t, db] = await Promise.all([getTranslations("messaging"), getDb()]);
  const settings = await getMessagingSettings(db, { clinicId: ctx.clinicId });
  const sharedLive = configuredProviders().messaging === "twilio";
  const templates: TemplateRow[] = listTemplates().map((template) => ({
    key: template.key,
    category: template.category,
    locale: template.locale,
    body: template.body,
    buttons: template.buttons,
    sid: settings.contentSids[template.key] ?? "",
  }));
  const missing = missingTemplateKeys(settings.contentSids);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("intro")}</p>
      </div>
      <MessagingSettingsForm
        initial={{
          mode: settings.mode,
          accountSid: settings.accountSid ?? "",
          authTokenLast4: settings.authTokenLast4,
          messagingServiceSid: settings.messagingServiceSid ?? "",
          whatsappFrom: settings.whatsappFrom ?? "",
          smsFrom: settings.smsFrom ?? "",
        }}
        sharedLive={sharedLive}
        templates={templates}
        missingCount={missing.length}
      />
    </div>
  );
}
