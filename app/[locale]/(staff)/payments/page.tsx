import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Currency, Locale } from "@/db/schema";
import { requireStaff } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/dates";
import { listPendingCharges, sumBalances } from "@/lib/payments/balances";
import { CURRENCIES } from "@/lib/payments/constants";
import { clinicToday, formatDueDate } from "@/lib/payments/labels";
import { formatMoney } from "@/lib/payments/money";
import { parsePendingParams, PENDING_STATES, pendingSearchParams } from "@/lib/payments/pending-params";
import { buttonClasses } from "@/components/ui/button";
import { Link } from "@/components/ui/link";
import { PendingTable, type PendingTableRow } from "./_components/pending-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payments"))("pending.title") };
}

/** Pending payments: every open charge with a balance, filters in the URL (a plain GET form), CSV of the same filters. */
export default async function PendingPaymentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaff("payments:read");
  const { filters, invalid } = parsePendingParams(await searchParams);
  const [t, locale, db] = await Promise.all([getTranslations("payments"), getLocale() as Promise<Locale>, getDb()]);
  const timeZone = ctx.clinic.timezone;
  const today = clinicToday(new Date(), timeZone);
  const rows = await listPendingCharges(db, { clinicId: ctx.clinicId, filters, today });
  const money = (amountMinor: number, currency: Currency) => formatMoney({ amountMinor, currency, locale });
  const totals = (Object.entries(sumBalances(rows)) as [Currency, number][]).map(([c, a]) => money(a, c));
  const query = pendingSearchParams(filters).toString();
  const filtered = query !== "";
  const tableRows: PendingTableRow[] = rows.map((row) => ({
    id: row.id,
    patientId: row.patientId,
    patient: `${row.patientFirstName} ${row.patientLastName}`,
    visit: `${formatDateTime(row.visitStartsAt, { locale, timeZone })} · ${row.doctorName}`,
    concept: row.concept,
    amount: money(row.amountMinor, row.currency),
    balance: money(row.balanceMinor, row.currency),
    due: row.dueDate ? formatDueDate(row.dueDate, locale) : t("pending.noDue"),
    overdue: Boolean(row.dueDate && row.dueDate < today),
    state:
      row.pendingMinor > 0
        ? t("pending.states.pending")
        : row.state === "partially_paid"
          ? t("pending.states.partially_paid")
          : t("states.open"),
  }));
  const select = "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm ring-1 ring-inset ring-gray-300";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl space-y-1">
          <h1 className="text-2xl font-semibold">{t("pending.title")}</h1>
          <p className="text-sm text-gray-600">{t("pending.intro")}</p>
        </div>
        <a
          href={`/${locale}/payments/export${query ? `?${query}` : ""}`}
          className={buttonClasses("secondary")}
          download
          data-testid="pending-export"
        >
          {t("pending.export")}
        </a>
      </div>
      {invalid.length > 0 && (
        <p role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {t("pending.invalidParams")}
        </p>
      )}
      <form
        method="get"
        className="grid gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:grid-cols-5"
        aria-label={t("pending.filters.legend")}
      >
        <label className="space-y-1 text-sm font-medium text-gray-800">
          <span>{t("pending.filters.state")}</span>
          <select name="state" defaultValue={filters.state ?? ""} className={select}>
            <option value="">{t("pending.filters.any")}</option>
            {PENDING_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`pending.states.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm font-medium text-gray-800">
          <span>{t("pending.filters.currency")}</span>
          <select name="currency" defaultValue={filters.currency ?? ""} className={select}>
            <option value="">{t("pending.filters.any")}</option>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm font-medium text-gray-800">
          <span>{t("pending.filters.dueFrom")}</span>
          <input type="date" name="dueFrom" defaultValue={filters.dueFrom ?? ""} className={select} />
        </label>
        <label className="space-y-1 text-sm font-medium text-gray-800">
          <span>{t("pending.filters.dueTo")}</span>
          <input type="date" name="dueTo" defaultValue={filters.dueTo ?? ""} className={select} />
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClasses("primary")}>
            {t("pending.filters.apply")}
          </button>
          {filtered && (
            <Link href="/payments" className={buttonClasses("ghost")}>
              {t("pending.filters.clear")}
            </Link>
          )}
        </div>
      </form>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-gray-600">
        <p aria-live="polite" data-testid="pending-total">
          {t("pending.total", { count: rows.length })}
        </p>
        {totals.length > 0 && <p data-testid="pending-totals">{t("pending.totals", { amounts: totals.join(" · ") })}</p>}
      </div>
      {rows.length === 0 ? (
        <div className="rounded-lg bg-white px-4 py-10 text-center text-sm text-gray-600 shadow-sm ring-1 ring-gray-200">
          {filtered ? t("pending.emptyFiltered") : t("pending.empty")}
        </div>
      ) : (
        <PendingTable
          rows={tableRows}
          labels={{
            caption: t("pending.caption"),
            columns: {
              patient: t("pending.columns.patient"),
              visit: t("pending.columns.visit"),
              concept: t("pending.columns.concept"),
              amount: t("pending.columns.amount"),
              balance: t("pending.columns.balance"),
              due: t("pending.columns.due"),
              state: t("pending.columns.state"),
            },
          }}
        />
      )}
    </div>
  );
}
