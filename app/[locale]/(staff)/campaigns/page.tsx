import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Locale } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { effectiveStatus, getCampaignProgress, listCampaigns } from "@/lib/campaigns/campaigns";
import { formatDateTime } from "@/lib/dates";
import { buttonClasses } from "@/components/ui/button";
import { Link } from "@/components/ui/link";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("campaigns"))("title") };
}

/** Health campaigns: every campaign of the clinic with its state and progress; admins create them. */
export default async function CampaignsPage() {
  const ctx = await requireStaff("campaigns:read");
  const [t, locale, db] = await Promise.all([getTranslations("campaigns"), getLocale() as Promise<Locale>, getDb()]);
  const now = new Date();
  const list = await listCampaigns(db, { clinicId: ctx.clinicId });
  const rows = await Promise.all(
    list.map(async (c) => {
      const progress = await getCampaignProgress(db, { clinicId: ctx.clinicId, campaignId: c.id });
      return { campaign: c, progress, status: effectiveStatus(c, progress, now) };
    }),
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl space-y-1">
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-gray-600">{t("intro")}</p>
        </div>
        {can(ctx.role, "campaigns:write") ? (
          <Link href="/campaigns/new" className={buttonClasses("primary")}>
            {t("new")}
          </Link>
        ) : (
          <p className="text-sm text-gray-600">{t("onlyAdmins")}</p>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <table className="min-w-full text-sm" data-testid="campaigns-table">
          <thead className="text-left text-xs text-gray-500">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                {t("columns.name")}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {t("columns.template")}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {t("columns.status")}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {t("columns.progress")}
              </th>
              <th scope="col" className="py-2 font-medium">
                {t("columns.created")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {rows.map(({ campaign, progress, status }) => (
              <tr key={campaign.id}>
                <th scope="row" className="py-2 pr-4 text-left font-medium">
                  <Link href={`/campaigns/${campaign.id}`} className="text-brand-700 hover:underline">
                    {campaign.name}
                  </Link>
                </th>
                <td className="py-2 pr-4">{t(`templates.${campaign.templateType}` as "templates.campaign_recall")}</td>
                <td className="py-2 pr-4">{t(`statuses.${status}`)}</td>
                <td className="py-2 pr-4">
                  {progress.recipients > 0 ? `${progress.sent + progress.delivered} / ${progress.recipients}` : "—"}
                </td>
                <td className="py-2">{formatDateTime(campaign.createdAt, { locale, timeZone: ctx.clinic.timezone })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
