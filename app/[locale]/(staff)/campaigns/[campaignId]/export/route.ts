import { stringify } from "csv-stringify/sync";
import { hasLocale } from "next-intl";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { routing } from "@/i18n/routing";
import { recordAudit } from "@/lib/audit/record-audit";
import { getStaffContext } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getCampaign } from "@/lib/campaigns/campaigns";
import { getCampaignResults } from "@/lib/campaigns/results";

const COLUMNS = ["channel", "locale", "recipients", "delivered", "read", "replies", "bookings", "optOuts"] as const;

/**
 * GET /{locale}/campaigns/{id}/export — the campaign's results per channel and language, with the totals,
 * as CSV: counts only, no patient. The clinic comes from the session; another clinic's campaign is a 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string; campaignId: string }> }) {
  const { locale, campaignId } = await params;
  if (!hasLocale(routing.locales, locale)) return new Response("Not found", { status: 404 });
  const ctx = await getStaffContext();
  if (!ctx) return new Response("Unauthorized", { status: 401 });
  if (!can(ctx.role, "campaigns:read"))
    return new Response((await getTranslations({ locale, namespace: "common" }))("forbidden"), { status: 403 });
  const db = await getDb();
  const campaign = await getCampaign(db, { clinicId: ctx.clinicId, campaignId });
  if (!campaign) return new Response("Not found", { status: 404 });
  const t = await getTranslations({ locale, namespace: "campaigns" });
  const { rows, total } = await getCampaignResults(db, { clinicId: ctx.clinicId, campaignId: campaign.id });
  await recordAudit(db, {
    clinicId: ctx.clinicId,
    actorUserId: ctx.userId,
    action: "campaign.export_csv",
    entityType: "campaign",
    entityId: campaign.id,
    metadata: {},
  });
  const body = stringify([
    COLUMNS.map((c) => t(`results.${c}`)),
    ...rows.map((r) => [
      t(`results.channels.${r.channel}`),
      t(`form.${r.locale}`),
      r.recipients,
      r.delivered,
      r.read,
      r.replies,
      r.bookings,
      r.optOuts,
    ]),
    [t("results.total"), "", total.recipients, total.delivered, total.read, total.replies, total.bookings, total.optOuts],
  ]);
  const slug =
    campaign.name
      .normalize("NFD")
      .replace(/[^\w]+/g, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || "campaign";
  return new Response(`\uFEFF${body}`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${t("results.filename")}-${slug}.csv"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
