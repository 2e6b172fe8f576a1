import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Locale } from "@/db/schema";
import { listDoctors } from "@/lib/appointments/queries";
import { requireStaff } from "@/lib/auth/session";
import { CAMPAIGN_TEMPLATE_TYPES } from "@/lib/notifications/registry";
import { Link } from "@/components/ui/link";
import { CampaignForm } from "../_components/campaign-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("campaigns"))("form.title") };
}

/** New campaign (admins): template, segment with its live count, preview in both languages. */
export default async function NewCampaignPage() {
  const ctx = await requireStaff("campaigns:write");
  const [t, locale, db] = await Promise.all([getTranslations("campaigns"), getLocale() as Promise<Locale>, getDb()]);
  const doctors = await listDoctors(db, { clinicId: ctx.clinicId, locale });
  return (
    <div className="space-y-4">
      <Link href="/campaigns" className="text-sm text-brand-700 hover:underline">
        {t("detail.back")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("form.title")}</h1>
      <CampaignForm
        templates={[...CAMPAIGN_TEMPLATE_TYPES]}
        doctors={doctors}
        timeZone={ctx.clinic.timezone}
        currency={ctx.clinic.currency}
      />
    </div>
  );
}
