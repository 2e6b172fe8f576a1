import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Currency, Locale } from "@/db/schema";
import { formatMoney } from "@/lib/payments/money";
import { can } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { effectiveStatus, estimateCampaign, getCampaign, getCampaignProgress } from "@/lib/campaigns/campaigns";
import { previewCampaign } from "@/lib/campaigns/preview";
import { formatMinuteOfDay } from "@/lib/notifications/quiet-hours";
import { getCampaignResults } from "@/lib/campaigns/results";
import { formatDateTime } from "@/lib/dates";
import { Link } from "@/components/ui/link";
import { CampaignControls } from "../_components/campaign-controls";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("campaigns"))("title") };
}

/** One campaign: what it says, to whom, and its progress computed from its deliveries (refreshed while it sends). */
export default async function CampaignPage({ params }: { params: Promise<{ campaignId: string }> }) {
  const ctx = await requireStaff("campaigns:read");
  const { campaignId } = await params;
  const [t, locale, db] = await Promise.all([getTranslations("campaigns"), getLocale() as Promise<Locale>, getDb()]);
  const campaign = await getCampaign(db, { clinicId: ctx.clinicId, campaignId });
  if (!campaign) notFound();
  const now = new Date();
  const progress = await getCampaignProgress(db, { clinicId: ctx.clinicId, campaignId: campaign.id });
  const status = effectiveStatus(campaign, progress, now);
  const [preview, estimate, results] = await Promise.all([
    previewCampaign({ templateType: campaign.templateType, bookingUrl: campaign.bookingUrl ?? "", clinic: ctx.clinic }),
    campaign.status === "draft" ? estimateCampaign(db, { clinicId: ctx.clinicId, timeZone: ctx.clinic.timezone, campaign, now }) : null,
    campaign.status === "draft" ? null : getCampaignResults(db, { clinicId: ctx.clinicId, campaignId: campaign.id }),
  ]);
  const resultColumns = ["recipients", "delivered", "read", "replies", "bookings", "optOuts"] as const;
  const count = estimate?.count;
  const plan = estimate?.plan;
  const when = (at: Date) => formatDateTime(at, { locale, timeZone: ctx.clinic.timezone });
  const money = (cents: number) => formatMoney({ amountMinor: cents, currency: ctx.clinic.currency as Currency, locale });
  const filters = Object.entries(campaign.segment).filter(
    ([key, value]) => key !== "patientIds" && value !== undefined && value !== null && value !== "",
  );
  const bars = [
    ["delivered", progress.delivered, "bg-green-600"],
    ["sent", progress.sent, "bg-brand-500"],
    ["queued", progress.queued, "bg-gray-300"],
    ["failed", progress.failed, "bg-red-500"],
    ["skipped", progress.skipped, "bg-amber-400"],
    ["cancelledCount", progress.cancelled, "bg-gray-500"],
  ] as const;
  // Shown apart: part of queued (held) and of failed (limited), not separate segments of the bar.
  const apart = [
    ["held", progress.held],
    ["limited", progress.limited],
  ] as const;
  const total = Math.max(progress.recipients, 1);

  return (
    <div className="space-y-6">
      <Link href="/campaigns" className="text-sm text-brand-700 hover:underline">
        {t("detail.back")}
      </Link>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">{campaign.name}</h1>
        <p className="text-sm text-gray-600">
          {t(`templates.${campaign.templateType}` as "templates.campaign_recall")} ·{" "}
          <span data-testid="campaign-status">{t(`statuses.${status}`)}</span> · {t("detail.scheduledAt")}:{" "}
          {campaign.scheduledAt ? formatDateTime(campaign.scheduledAt, { locale, timeZone: ctx.clinic.timezone }) : t("detail.now")}
        </p>
      </div>

      <section className="rounded-lg bg-white p-4 ring-1 ring-gray-200">
        <h2 className="text-sm font-semibold">{t("detail.segment")}</h2>
        {filters.length === 0 ? (
          <p className="mt-1 text-sm text-gray-700">{t("detail.noFilters")}</p>
        ) : (
          <ul className="mt-1 text-sm text-gray-700">
            {filters.map(([key, value]) => (
              <li key={key}>
                {t(`form.${key}` as "form.ageMin")}:{" "}
                {String(value === true ? t("form.withUpcoming") : value === false ? t("form.withoutUpcoming") : value)}
              </li>
            ))}
          </ul>
        )}
        {campaign.segment.patientIds && (
          <p className="mt-1 text-sm text-gray-700" data-testid="segment-list">
            {t("list.onList", { count: campaign.segment.patientIds.length })}
          </p>
        )}
        {count && (
          <p className="mt-2 text-sm font-medium" data-testid="segment-recipients">
            {t("count.recipients", { count: count.recipients })}
          </p>
        )}
        <p className="mt-2 text-sm text-gray-700" data-testid="campaign-schedule">
          <span className="font-medium">{t("detail.schedule")}:</span>{" "}
          {t("detail.scheduleSummary", {
            start: formatMinuteOfDay(campaign.sendWindowStartMinute),
            end: formatMinuteOfDay(campaign.sendWindowEndMinute),
            cap: campaign.dailyCap,
            days: campaign.patientCapDays,
          })}
        </p>
      </section>

      {plan && plan.recipients > 0 && (
        <section className="rounded-lg bg-white p-4 ring-1 ring-gray-200" data-testid="campaign-estimate">
          <h2 className="text-sm font-semibold">{t("estimate.title")}</h2>
          <p className="mt-1 text-sm font-medium" data-testid="estimate-days">
            {t("estimate.days", { count: plan.days.length })}
          </p>
          {plan.firstSendAt && <p className="text-sm">{t("estimate.from", { date: when(plan.firstSendAt) })}</p>}
          {plan.lastSendAt && plan.days.length > 1 && <p className="text-sm">{t("estimate.until", { date: when(plan.lastSendAt) })}</p>}
          <p className="mt-1 text-sm font-medium" data-testid="estimate-cost">
            {t("estimate.cost", { amount: money(plan.estimatedCostCents) })}
          </p>
          <p className="text-xs text-gray-500">{t("estimate.costHint")}</p>
        </section>
      )}

      {preview && (
        <section className="grid gap-4 sm:grid-cols-2" data-testid="campaign-preview">
          {(["es", "en"] as const).map((l) => (
            <div key={l} className="rounded-lg bg-white p-4 ring-1 ring-gray-200">
              <h2 className="text-xs font-medium text-gray-500">{t(`preview.${l}`)}</h2>
              <p className="mt-1 text-sm" data-testid={`preview-${l}`}>
                {preview[l]}
              </p>
            </div>
          ))}
        </section>
      )}

      <section className="rounded-lg bg-white p-4 ring-1 ring-gray-200" data-testid="campaign-progress">
        <h2 className="text-sm font-semibold">{t("detail.progress")}</h2>
        <div className="mt-2 flex h-3 w-full overflow-hidden rounded-full bg-gray-100" role="img" aria-label={t("detail.progress")}>
          {bars.map(([key, n, color]) => (n > 0 ? <div key={key} className={color} style={{ width: `${(n / total) * 100}%` }} /> : null))}
        </div>
        <dl className="mt-3 grid grid-cols-3 gap-2 text-sm sm:grid-cols-6">
          {bars.map(([key, n]) => (
            <div key={key}>
              <dt className="text-xs text-gray-500">{t(`detail.${key}`)}</dt>
              <dd className="font-semibold" data-testid={`progress-${key}`}>
                {n}
              </dd>
            </div>
          ))}
          {apart.map(([key, n]) => (
            <div key={key}>
              <dt className="text-xs text-gray-500">{t(`detail.${key}`)}</dt>
              <dd className="font-semibold" data-testid={`progress-${key}`}>
                {n}
              </dd>
            </div>
          ))}
        </dl>
        {progress.limited > 0 && <p className="mt-2 text-xs text-gray-600">{t("detail.limitedHint")}</p>}
      </section>

      {results && (
        <section className="rounded-lg bg-white p-4 ring-1 ring-gray-200" data-testid="campaign-results">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="text-sm font-semibold">{t("results.title")}</h2>
            <a href={`/${locale}/campaigns/${campaign.id}/export`} className="text-sm text-brand-700 hover:underline" download>
              {t("results.download")}
            </a>
          </div>
          <p className="text-xs text-gray-500">{t("results.hint")}</p>
          {results.rows.length === 0 ? (
            <p className="mt-2 text-sm text-gray-700">{t("results.empty")}</p>
          ) : (
            <div className="mt-2 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-xs text-gray-500">
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t("results.channel")}
                    </th>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t("results.locale")}
                    </th>
                    {resultColumns.map((c) => (
                      <th key={c} scope="col" className="py-1 pr-3 text-right font-medium">
                        {t(`results.${c}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {results.rows.map((row) => (
                    <tr key={`${row.channel}-${row.locale}`} className="border-t border-gray-100">
                      <td className="py-1 pr-3">{t(`results.channels.${row.channel}`)}</td>
                      <td className="py-1 pr-3">{t(`form.${row.locale}`)}</td>
                      {resultColumns.map((c) => (
                        <td key={c} className="py-1 pr-3 text-right tabular-nums">
                          {row[c]}
                        </td>
                      ))}
                    </tr>
                  ))}
                  <tr className="border-t border-gray-300 font-semibold">
                    <th scope="row" colSpan={2} className="py-1 pr-3 text-left">
                      {t("results.total")}
                    </th>
                    {resultColumns.map((c) => (
                      <td key={c} className="py-1 pr-3 text-right tabular-nums" data-testid={`results-total-${c}`}>
                        {results.total[c]}
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}

      <CampaignControls
        campaignId={campaign.id}
        canWrite={can(ctx.role, "campaigns:write")}
        canLaunch={campaign.status === "draft"}
        canCancel={status !== "cancelled" && status !== "done"}
        canPause={status === "sending" || status === "scheduled"}
        canResume={status === "paused"}
        live={status === "sending" || status === "scheduled"}
      />
    </div>
  );
}
