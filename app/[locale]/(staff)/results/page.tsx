import type { Metadata } from "next";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { cn } from "@/components/ui/cn";
import { getResultsDashboard } from "@/lib/results/dashboard";
import { NO_SHOW_TARGET } from "@/lib/results/definitions";
import { formatDuration, formatNumber, formatPercent, formatPoints, intlLocale } from "@/lib/results/format";
import { PRESET_PERIODS, type ResultsPeriod } from "@/lib/results/period";
import { parseResultsQuery, resultsSearch, type ResultsQuery } from "@/lib/results/query";
import type { RecordList } from "@/lib/results/records";
import { listDoctors } from "@/lib/appointments/queries";
import { channels } from "@/db/schema";
import { formatMoney } from "@/lib/payments/money";
import type { Currency } from "@/db/schema";
import { Link } from "@/components/ui/link";
import { buttonClasses } from "@/components/ui/button";
import {
  ChannelOutcomesChart,
  DoctorRatesChart,
  PaymentFunnelChart,
  TimeToConfirmChart,
  WeeklyRatesChart,
} from "./_components/results-charts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("results"))("title") };
}

type Tone = "better" | "worse" | "same";

interface Comparison {
  text: string;
  tone: Tone;
}

/** A comparison line under a tile: the signed change and whether it is better, worse or the same. */
function compare(delta: number, lowerIsBetter: boolean): Tone {
  if (Math.abs(delta) < 1e-9) return "same";
  return delta < 0 === lowerIsBetter ? "better" : "worse";
}

function Tile({
  title,
  value,
  detail,
  comparisons = [],
  testId,
  t,
  records,
}: {
  title: string;
  value: string | null;
  detail: string;
  comparisons?: Comparison[];
  testId: string;
  t: (key: Tone) => string;
  /** The list of the records behind the figure, and how many there are (the list has exactly as many). */
  records?: { href: string; label: string };
}) {
  return (
    <li className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200" data-testid={testId}>
      <h3 className="text-sm font-medium text-gray-600">{title}</h3>
      {value !== null && <p className="mt-1 text-2xl font-semibold text-gray-900">{value}</p>}
      <p className={cn("text-sm", value === null ? "mt-2 text-gray-600" : "mt-0.5 text-gray-600")}>{detail}</p>
      {comparisons.length > 0 && (
        <ul className="mt-2 space-y-0.5 text-xs">
          {comparisons.map((c) => (
            <li key={c.text} className={cn(c.tone === "better" ? "text-green-700" : c.tone === "worse" ? "text-red-700" : "text-gray-600")}>
              <span aria-hidden>{c.tone === "better" ? "▲ " : c.tone === "worse" ? "▼ " : "= "}</span>
              {c.text} <span className="sr-only">({t(c.tone)})</span>
            </li>
          ))}
        </ul>
      )}
      {records && (
        <p className="mt-2 text-xs">
          <Link href={records.href} className="font-medium text-blue-700 underline" data-testid={`${testId}-records`}>
            {records.label}
          </Link>
        </p>
      )}
    </li>
  );
}

function rangeText(first: string, last: string, locale: string) {
  const [a, b] = [first, last].map((d) => new Date(`${d}T12:00:00Z`));
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).formatRange(
    a,
    b,
  );
}

interface PeriodLabels {
  label: string;
  presets: Record<(typeof PRESET_PERIODS)[number], string>;
  from: string;
  to: string;
  apply: string;
}

function PeriodPicker({ period, filters, labels }: { period: ResultsPeriod; filters: ResultsQuery["filters"]; labels: PeriodLabels }) {
  const keep = (
    <>
      {filters.doctorId && <input type="hidden" name="doctor" value={filters.doctorId} />}
      {filters.channel && <input type="hidden" name="channel" value={filters.channel} />}
    </>
  );
  return (
    <div className="flex flex-wrap items-end gap-2" role="group" aria-label={labels.label}>
      {PRESET_PERIODS.map((key) => (
        <Link
          key={key}
          href={`/results${resultsSearch({ period: { ...period, key }, filters })}`}
          aria-current={period.key === key ? "page" : undefined}
          className={buttonClasses(period.key === key ? "primary" : "secondary", "px-3 py-1.5")}
        >
          {labels.presets[key]}
        </Link>
      ))}
      <form method="get" action="" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="period" value="custom" />
        {keep}
        <label className="text-xs font-medium text-gray-700">
          {labels.from}
          <input
            type="date"
            name="from"
            defaultValue={period.firstDay}
            className="mt-0.5 block rounded-md px-2 py-1 text-sm ring-1 ring-gray-300"
          />
        </label>
        <label className="text-xs font-medium text-gray-700">
          {labels.to}
          <input
            type="date"
            name="to"
            defaultValue={period.lastDay}
            className="mt-0.5 block rounded-md px-2 py-1 text-sm ring-1 ring-gray-300"
          />
        </label>
        <button type="submit" className={buttonClasses(period.key === "custom" ? "primary" : "secondary", "px-3 py-1.5")}>
          {labels.apply}
        </button>
      </form>
    </div>
  );
}

/** Doctor and channel, as a GET form that keeps the period (the URL is the state). */
function FiltersForm({
  query,
  doctors,
  labels,
}: {
  query: ResultsQuery;
  doctors: { id: string; name: string }[];
  labels: { doctor: string; channel: string; all: string; apply: string; channelNames: Record<string, string>; label: string };
}) {
  const { period, filters } = query;
  return (
    <form method="get" action="" className="flex flex-wrap items-end gap-2" aria-label={labels.label} data-testid="results-filters">
      <input type="hidden" name="period" value={period.key} />
      {period.key === "custom" && (
        <>
          <input type="hidden" name="from" value={period.firstDay} />
          <input type="hidden" name="to" value={period.lastDay} />
        </>
      )}
      <label className="text-xs font-medium text-gray-700">
        {labels.doctor}
        <select
          name="doctor"
          defaultValue={filters.doctorId ?? ""}
          className="mt-0.5 block rounded-md px-2 py-1 text-sm ring-1 ring-gray-300"
        >
          <option value="">{labels.all}</option>
          {doctors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-gray-700">
        {labels.channel}
        <select
          name="channel"
          defaultValue={filters.channel ?? ""}
          className="mt-0.5 block rounded-md px-2 py-1 text-sm ring-1 ring-gray-300"
        >
          <option value="">{labels.all}</option>
          {channels.map((c) => (
            <option key={c} value={c}>
              {labels.channelNames[c]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClasses("secondary", "px-3 py-1.5")}>
        {labels.apply}
      </button>
    </form>
  );
}

/**
 * Results: KPI tiles with their changes, weekly rates, time to confirm, rates by doctor, collection and its funnel
 * by method, satisfaction and messages by channel, each chart with its table.
 */
export default async function ResultsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaff("appointments:read");
  const query = await searchParams;
  const [t, locale, db] = await Promise.all([getTranslations("results"), getLocale(), getDb()]);
  const now = new Date();
  const timeZone = ctx.clinic.timezone;
  const doctors = await listDoctors(db, { clinicId: ctx.clinicId, locale: locale === "en" ? "en" : "es" });
  const parsed = parseResultsQuery(query, { now, timeZone, doctorIds: doctors.map((d) => d.id) });
  const { period } = parsed;
  const data = await getResultsDashboard(db, {
    clinicId: ctx.clinicId,
    period,
    now,
    currency: ctx.clinic.currency,
    filters: parsed.filters,
  });
  if (!data) notFound();
  const { current: k, previous: prev, rules } = data;
  const pct = (v: number) => formatPercent(v, locale);
  const na = t("notAvailable");

  const rateComparisons = (value: number | null, previous: number | null, baseline: number | null, lowerIsBetter: boolean) => {
    if (value === null) return [];
    const out: Comparison[] = [];
    if (previous !== null)
      out.push({
        text: t("vsPrevious", { delta: formatPoints(value - previous, locale) }),
        tone: compare(value - previous, lowerIsBetter),
      });
    else out.push({ text: t("noPrevious"), tone: "same" });
    if (baseline !== null)
      out.push({
        text: t("vsBaseline", { delta: formatPoints(value - baseline, locale), baseline: pct(baseline) }),
        tone: compare(value - baseline, lowerIsBetter),
      });
    return out;
  };

  const ttc = k.timeToConfirm.medianSeconds;
  const ttcComparisons: Comparison[] = [];
  if (ttc !== null) {
    const p = prev.timeToConfirm.medianSeconds;
    if (p !== null)
      ttcComparisons.push({
        text: t("vsPreviousTime", { delta: formatDuration(ttc - p, locale, { signed: true }) }),
        tone: compare(ttc - p, true),
      });
    else ttcComparisons.push({ text: t("noPrevious"), tone: "same" });
    const b = rules.baseline.timeToConfirmMinutes;
    if (b !== null)
      ttcComparisons.push({
        text: t("vsBaselineTime", {
          delta: formatDuration(ttc - b * 60, locale, { signed: true }),
          baseline: formatDuration(b * 60, locale),
        }),
        tone: compare(ttc - b * 60, true),
      });
  }

  const totals = data.channels.reduce(
    (s, c) => ({
      attempted: s.attempted + c.attempted,
      delivered: s.delivered + c.delivered,
      fallbacks: s.fallbacks + c.fallbacks,
      fallbacksDelivered: s.fallbacksDelivered + c.fallbacksDelivered,
    }),
    { attempted: 0, delivered: 0, fallbacks: 0, fallbacksDelivered: 0 },
  );
  const prevAttempted = data.previousChannels.reduce((s, c) => s + c.attempted, 0);
  const prevDelivered = data.previousChannels.reduce((s, c) => s + c.delivered, 0);
  const deliveryRate = totals.attempted ? totals.delivered / totals.attempted : null;
  const prevDeliveryRate = prevAttempted ? prevDelivered / prevAttempted : null;

  const weekLabel = (week: string) =>
    new Intl.DateTimeFormat(intlLocale(locale), { timeZone: "UTC", day: "numeric", month: "short" }).format(new Date(`${week}T12:00:00Z`));
  const channelName = (c: string) => t(`channels.names.${c}` as "channels.names.sms");
  const marked = k.attended + k.noShows;
  const tone = (key: Tone) => t(key);
  const records = (list: RecordList, count: number) => ({
    href: `/results/records${resultsSearch(parsed, { list })}`,
    label: t("records.open", { count }),
  });
  const money = (amountMinor: number) =>
    formatMoney({ amountMinor, currency: data.collection.currency as Currency, locale: locale === "en" ? "en" : "es" });
  const col = data.collection;
  const csat = data.satisfaction;
  const fill = data.waitlist;
  const camp = data.campaign;
  const methodName = (m: string | null) => (m === null ? t("funnel.noMethod") : t(`methods.${m}` as "methods.card"));

  return (
    <div className="max-w-6xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro", { timeZone })}</p>
        <PeriodPicker
          period={period}
          filters={parsed.filters}
          labels={{
            label: t("period.label"),
            presets: { "7d": t("period.7d"), "30d": t("period.30d"), "90d": t("period.90d") },
            from: t("period.from"),
            to: t("period.to"),
            apply: t("period.apply"),
          }}
        />
        <FiltersForm
          query={parsed}
          doctors={doctors}
          labels={{
            label: t("filters.label"),
            doctor: t("filters.doctor"),
            channel: t("filters.channel"),
            all: t("filters.all"),
            apply: t("filters.apply"),
            channelNames: { whatsapp: channelName("whatsapp"), sms: channelName("sms"), email: channelName("email") },
          }}
        />
        <p className="text-sm text-gray-700" data-testid="results-period">
          <strong>{rangeText(period.firstDay, period.lastDay, locale)}</strong>{" "}
          <span className="text-gray-500">
            {t("period.previous", { range: rangeText(period.previous.firstDay, period.previous.lastDay, locale) })}
          </span>
        </p>
      </div>

      {data.toCloseTotal > 0 && (
        <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          {t("openVisits", { count: data.toCloseTotal })}{" "}
          <Link href="/#to-close" className="font-medium underline">
            {t("openVisitsLink")}
          </Link>
        </p>
      )}

      <section aria-labelledby="tiles-heading">
        <h2 id="tiles-heading" className="sr-only">
          {t("tiles.label")}
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Tile
            testId="tile-no-show"
            title={t("tiles.noShowRate")}
            value={k.noShowRate === null ? null : pct(k.noShowRate)}
            detail={
              k.noShowRate === null
                ? t("tiles.noShowEmpty")
                : `${t("tiles.noShowDetail", { noShows: k.noShows, marked })}. ${t("tiles.lateCancels", { count: k.lateCancelled, cancelled: k.cancelled })}`
            }
            comparisons={rateComparisons(k.noShowRate, prev.noShowRate, rules.baseline.noShowRate, true)}
            t={tone}
            records={records("noShows", k.noShows)}
          />
          <Tile
            testId="tile-confirmation"
            title={t("tiles.confirmationRate")}
            value={k.confirmationRate === null ? null : pct(k.confirmationRate)}
            detail={
              k.confirmationRate === null
                ? t("tiles.confirmationEmpty")
                : t("tiles.confirmationDetail", { confirmed: k.confirmed, requested: k.requested })
            }
            comparisons={rateComparisons(k.confirmationRate, prev.confirmationRate, rules.baseline.confirmationRate, false)}
            t={tone}
            records={records("confirmed", k.confirmed)}
          />
          <Tile
            testId="tile-time-to-confirm"
            title={t("tiles.timeToConfirm")}
            value={ttc === null ? null : formatDuration(ttc, locale)}
            detail={
              ttc === null
                ? t("tiles.timeToConfirmEmpty")
                : t("tiles.timeToConfirmDetail", {
                    p90: formatDuration(k.timeToConfirm.p90Seconds ?? 0, locale),
                    count: k.timeToConfirm.count,
                  })
            }
            comparisons={ttcComparisons}
            t={tone}
          />
          <Tile
            testId="tile-coverage"
            title={t("tiles.reminderCoverage")}
            value={k.reminderCoverage === null ? null : pct(k.reminderCoverage)}
            detail={
              k.reminderCoverage === null
                ? t("tiles.reminderCoverageEmpty")
                : t("tiles.reminderCoverageDetail", { delivered: k.coverageDelivered, visits: k.coverageVisits })
            }
            comparisons={rateComparisons(k.reminderCoverage, prev.reminderCoverage, null, false)}
            t={tone}
            records={records("coverage", k.coverageVisits)}
          />
          <Tile
            testId="tile-hours"
            title={t("tiles.hoursRecovered")}
            value={formatNumber(k.hoursRecovered, locale, 1)}
            detail={t("tiles.hoursRecoveredDetail", { count: k.recoveredVisits })}
            t={tone}
            records={records("recovered", k.recoveredVisits)}
          />
          <Tile
            testId="tile-delivery"
            title={t("tiles.delivery")}
            value={deliveryRate === null ? null : pct(deliveryRate)}
            detail={deliveryRate === null ? t("tiles.deliveryEmpty") : t("tiles.deliveryDetail", totals)}
            comparisons={rateComparisons(deliveryRate, prevDeliveryRate, null, false)}
            t={tone}
            records={records("messages", totals.attempted)}
          />
          <Tile
            testId="tile-collection"
            title={t("tiles.collection")}
            value={col.collectionRate === null ? null : pct(col.collectionRate)}
            detail={
              col.collectionRate === null
                ? t("tiles.collectionNone")
                : [
                    t("tiles.collectionDetail", {
                      paid: money(col.paidMinor),
                      requested: money(col.requestedMinor),
                      count: col.requestedCharges,
                    }),
                    t("tiles.paidQuickly", { rate: pct(col.paidQuicklyRate ?? 0) }),
                    col.byMethod.length
                      ? col.byMethod.map((m) => `${t(`methods.${m.method}` as "methods.card")} ${money(m.paidMinor)}`).join(" · ")
                      : t("tiles.nothingPaid"),
                  ].join(". ")
            }
            comparisons={rateComparisons(col.collectionRate, data.previousCollection.collectionRate, null, false)}
            t={tone}
            records={records("charges", col.requestedCharges)}
          />
          <Tile
            testId="tile-satisfaction"
            title={t("tiles.satisfaction")}
            value={csat.csat === null ? null : pct(csat.csat)}
            detail={
              csat.asked === 0
                ? t("tiles.satisfactionNone")
                : t("tiles.satisfactionDetail", {
                    answered: csat.answered,
                    asked: csat.asked,
                    responseRate: pct(csat.responseRate ?? 0),
                  })
            }
            comparisons={rateComparisons(csat.csat, data.previousSatisfaction.csat, null, false)}
            t={tone}
            records={records("satisfaction", csat.asked)}
          />
          <Tile
            testId="tile-waitlist"
            title={t("tiles.waitlist")}
            value={fill.rate === null ? null : pct(fill.rate)}
            detail={
              fill.rate === null
                ? t("tiles.waitlistNone")
                : fill.medianMinutesToRefill === null
                  ? t("tiles.waitlistDetail", { refilled: fill.refilled, freed: fill.freed })
                  : `${t("tiles.waitlistDetail", { refilled: fill.refilled, freed: fill.freed })}. ${t("tiles.refillMinutes", {
                      median: formatDuration(fill.medianMinutesToRefill * 60, locale),
                      max: formatDuration((fill.maxMinutesToRefill ?? 0) * 60, locale),
                    })}`
            }
            t={tone}
            records={records("freedSlots", fill.freed)}
          />
          <Tile
            testId="tile-campaign"
            title={t("tiles.campaign")}
            value={camp.rate === null ? null : pct(camp.rate)}
            detail={
              camp.rate === null
                ? t("tiles.campaignNone")
                : t("tiles.campaignDetail", { converted: camp.converted, delivered: camp.delivered })
            }
            t={tone}
            records={records("campaign", camp.delivered)}
          />
        </ul>
      </section>

      <ResultsSection
        id="weekly"
        title={t("weekly.title")}
        description={t("weekly.description", { low: pct(NO_SHOW_TARGET.low), high: pct(NO_SHOW_TARGET.high) })}
        empty={data.weekly.length === 0 ? t("weekly.empty") : null}
      >
        <>
          <WeeklyRatesChart
            data={data.weekly.map((w) => ({ label: weekLabel(w.week), noShowRate: w.noShowRate, confirmationRate: w.confirmationRate }))}
            locale={intlLocale(locale)}
            labels={{ noShowRate: t("weekly.noShowRate"), confirmationRate: t("weekly.confirmationRate") }}
            target={NO_SHOW_TARGET}
          />
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="weekly-table">
              <caption className="sr-only">{t("weekly.tableCaption")}</caption>
              <thead className="text-xs text-gray-600">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t("weekly.week")}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t("weekly.noShowRate")}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t("weekly.marked")}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t("weekly.confirmationRate")}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t("weekly.requested")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {data.weekly.map((w) => (
                  <tr key={w.week}>
                    <th scope="row" className="py-1 pr-3 font-normal">
                      <time dateTime={w.week}>{weekLabel(w.week)}</time>
                    </th>
                    <td className="py-1 pr-3">{w.noShowRate === null ? na : pct(w.noShowRate)}</td>
                    <td className="py-1 pr-3">{formatNumber(w.attended + w.noShows, locale)}</td>
                    <td className="py-1 pr-3">{w.confirmationRate === null ? na : pct(w.confirmationRate)}</td>
                    <td className="py-1 pr-3">{formatNumber(w.requested, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      </ResultsSection>

      <ResultsSection
        id="ttc"
        title={t("timeToConfirm.title")}
        description={t("timeToConfirm.description")}
        empty={k.timeToConfirm.count === 0 ? t("timeToConfirm.empty") : null}
      >
        <>
          <TimeToConfirmChart
            data={k.timeToConfirm.buckets.map((b) => ({ label: t(`timeToConfirm.buckets.${b.key}`), count: b.count }))}
            labels={{ count: t("timeToConfirm.count") }}
          />
          <div className="mt-3 overflow-x-auto">
            <table className="w-full max-w-md text-left text-sm" data-testid="ttc-table">
              <caption className="sr-only">{t("timeToConfirm.tableCaption")}</caption>
              <thead className="text-xs text-gray-600">
                <tr>
                  {(["bucket", "count", "share"] as const).map((h) => (
                    <th key={h} scope="col" className="py-1 pr-3 font-medium">
                      {t(`timeToConfirm.${h}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {k.timeToConfirm.buckets.map((b) => (
                  <tr key={b.key} data-bucket={b.key}>
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {t(`timeToConfirm.buckets.${b.key}`)}
                    </th>
                    <td className="py-1 pr-3">{formatNumber(b.count, locale)}</td>
                    <td className="py-1 pr-3">{pct(b.count / k.timeToConfirm.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      </ResultsSection>

      <ResultsSection
        id="doctors"
        title={t("doctors.title")}
        description={t("doctors.description")}
        empty={data.doctors.length === 0 ? t("doctors.empty") : null}
      >
        <>
          <DoctorRatesChart
            data={data.doctors.map((d) => ({ label: d.doctorName, noShowRate: d.noShowRate, confirmationRate: d.confirmationRate }))}
            locale={intlLocale(locale)}
            labels={{ noShowRate: t("doctors.noShowRate"), confirmationRate: t("doctors.confirmationRate") }}
          />
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="doctors-table">
              <caption className="sr-only">{t("doctors.tableCaption")}</caption>
              <thead className="text-xs text-gray-600">
                <tr>
                  {(["doctor", "noShowRate", "marked", "confirmationRate", "requested"] as const).map((h) => (
                    <th key={h} scope="col" className="py-1 pr-3 font-medium">
                      {t(`doctors.${h}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {data.doctors.map((d) => (
                  <tr key={d.doctorId}>
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {d.doctorName}
                    </th>
                    <td className="py-1 pr-3">{d.noShowRate === null ? na : pct(d.noShowRate)}</td>
                    <td className="py-1 pr-3">{formatNumber(d.attended + d.noShows, locale)}</td>
                    <td className="py-1 pr-3">{d.confirmationRate === null ? na : pct(d.confirmationRate)}</td>
                    <td className="py-1 pr-3">{formatNumber(d.requested, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      </ResultsSection>

      <ResultsSection
        id="collection"
        title={t("collection.title")}
        description={t("collection.description")}
        empty={col.requestedCharges === 0 ? t("tiles.collectionNone") : null}
      >
        <div className="grid gap-4 md:grid-cols-3">
          <table className="w-full text-left text-sm" data-testid="collection-funnel">
            <caption className="mb-1 text-left text-xs font-medium text-gray-600">{t("collection.funnel")}</caption>
            <tbody className="divide-y divide-gray-100">
              {(
                [
                  ["requested", col.requestedCharges],
                  ["opened", col.openedCharges],
                  ["paid", col.paidCharges],
                  ["paidQuickly", col.paidQuicklyCharges],
                ] as const
              ).map(([key, count]) => (
                <tr key={key}>
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {t(`collection.${key}`)}
                  </th>
                  <td className="py-1 pr-3">{formatNumber(count, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="w-full text-left text-sm" data-testid="collection-methods">
            <caption className="mb-1 text-left text-xs font-medium text-gray-600">{t("collection.byMethod")}</caption>
            <tbody className="divide-y divide-gray-100">
              {col.byMethod.length === 0 ? (
                <tr>
                  <td className="py-1 pr-3 text-gray-600">{t("tiles.nothingPaid")}</td>
                </tr>
              ) : (
                col.byMethod.map((m) => (
                  <tr key={m.method}>
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {t(`methods.${m.method}` as "methods.card")}
                    </th>
                    <td className="py-1 pr-3">{money(m.paidMinor)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <table className="w-full text-left text-sm" data-testid="collection-months">
            <caption className="mb-1 text-left text-xs font-medium text-gray-600">{t("collection.byMonth")}</caption>
            <thead className="text-xs text-gray-600">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t("collection.month")}
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t("collection.requestedAmount")}
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t("collection.paidAmount")}
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t("collection.rate")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {col.byMonth.map((m) => (
                <tr key={m.month}>
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {new Intl.DateTimeFormat(intlLocale(locale), { timeZone: "UTC", month: "short", year: "numeric" }).format(
                      new Date(`${m.month}-15T12:00:00Z`),
                    )}
                  </th>
                  <td className="py-1 pr-3">{money(m.requestedMinor)}</td>
                  <td className="py-1 pr-3">{money(m.paidMinor)}</td>
                  <td className="py-1 pr-3">{m.rate === null ? na : pct(m.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ResultsSection>

      <ResultsSection
        id="funnel"
        title={t("funnel.title")}
        description={t("funnel.description")}
        empty={col.funnel.length === 0 ? t("tiles.collectionNone") : null}
      >
        <>
          <PaymentFunnelChart
            data={col.funnel.map((f) => ({ label: methodName(f.method), requested: f.requested, opened: f.opened, paid: f.paid }))}
            labels={{ requested: t("funnel.requested"), opened: t("funnel.opened"), paid: t("funnel.paid") }}
          />
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="funnel-table">
              <caption className="sr-only">{t("funnel.tableCaption")}</caption>
              <thead className="text-xs text-gray-600">
                <tr>
                  {(["method", "requested", "opened", "paid"] as const).map((h) => (
                    <th key={h} scope="col" className="py-1 pr-3 font-medium">
                      {t(`funnel.${h}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {col.funnel.map((f) => (
                  <tr key={f.method ?? "none"} data-method={f.method ?? "none"}>
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {methodName(f.method)}
                    </th>
                    <td className="py-1 pr-3">{formatNumber(f.requested, locale)}</td>
                    <td className="py-1 pr-3">{formatNumber(f.opened, locale)}</td>
                    <td className="py-1 pr-3">{formatNumber(f.paid, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      </ResultsSection>

      <ResultsSection
        id="satisfaction"
        title={t("satisfaction.title")}
        description={t("satisfaction.description")}
        empty={csat.answered === 0 ? (csat.asked === 0 ? t("tiles.satisfactionNone") : t("satisfaction.noAnswers")) : null}
      >
        <table className="w-full max-w-md text-left text-sm" data-testid="satisfaction-table">
          <caption className="sr-only">{t("satisfaction.tableCaption")}</caption>
          <thead className="text-xs text-gray-600">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                {t("satisfaction.score")}
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                {t("satisfaction.answers")}
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                {t("satisfaction.share")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {[...csat.distribution].reverse().map((d) => (
              <tr key={d.score}>
                <th scope="row" className="py-1 pr-3 font-normal">
                  {d.score}
                </th>
                <td className="py-1 pr-3">{formatNumber(d.count, locale)}</td>
                <td className="py-1 pr-3">{pct(d.count / csat.answered)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ResultsSection>

      <ResultsSection
        id="channels"
        title={t("channels.title")}
        description={t("channels.description")}
        empty={data.channels.length === 0 ? t("channels.empty") : null}
      >
        <>
          <ChannelOutcomesChart
            data={data.channels.map((c) => ({
              label: channelName(c.channel),
              read: c.read,
              deliveredUnread: c.delivered - c.read,
              pending: c.pending,
              failed: c.failed,
            }))}
            labels={{
              read: t("channels.read"),
              deliveredUnread: t("channels.deliveredUnread"),
              pending: t("channels.pending"),
              failed: t("channels.failed"),
            }}
          />
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="channels-table">
              <caption className="sr-only">{t("channels.tableCaption")}</caption>
              <thead className="text-xs text-gray-600">
                <tr>
                  {(
                    ["channel", "attempted", "delivered", "read", "pending", "failed", "deliveryRate", "readRate", "fallbacks"] as const
                  ).map((h) => (
                    <th key={h} scope="col" className="py-1 pr-3 font-medium">
                      {t(`channels.${h}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {data.channels.map((c) => (
                  <tr key={c.channel}>
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {channelName(c.channel)}
                    </th>
                    <td className="py-1 pr-3">{formatNumber(c.attempted, locale)}</td>
                    <td className="py-1 pr-3">{formatNumber(c.delivered, locale)}</td>
                    <td className="py-1 pr-3">{c.channel === "sms" ? t("channels.noReadReceipts") : formatNumber(c.read, locale)}</td>
                    <td className="py-1 pr-3">{formatNumber(c.pending, locale)}</td>
                    <td className="py-1 pr-3">{formatNumber(c.failed, locale)}</td>
                    <td className="py-1 pr-3">{c.deliveryRate === null ? na : pct(c.deliveryRate)}</td>
                    <td className="py-1 pr-3">
                      {c.channel === "sms" ? t("channels.noReadReceipts") : c.readRate === null ? na : pct(c.readRate)}
                    </td>
                    <td className="py-1 pr-3">{formatNumber(c.fallbacks, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      </ResultsSection>
    </div>
  );
}

/**
 * One card of the results page: its heading (the section's accessible name), what it shows, and either its
 * content or, when there is nothing to show, the reason.
 */
function ResultsSection({
  id,
  title,
  description,
  empty,
  children,
}: {
  id: string;
  title: ReactNode;
  description: ReactNode;
  empty: ReactNode | null;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
      <h2 id={`${id}-heading`} className="text-base font-semibold">
        {title}
      </h2>
      <p className="mb-3 text-sm text-gray-600">{description}</p>
      {empty !== null ? <p className="text-sm text-gray-600">{empty}</p> : children}
    </section>
  );
}
