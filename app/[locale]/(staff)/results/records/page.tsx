import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Currency } from "@/db/schema";
import { requireStaff } from "@/lib/auth/session";
import { listDoctors } from "@/lib/appointments/queries";
import { getResultsRules } from "@/lib/results/outcomes";
import { parseResultsQuery, resultsSearch } from "@/lib/results/query";
import { listResultRecords, RECORD_COLUMNS } from "@/lib/results/records";
import { formatRecordTime, formatRecordValue } from "@/lib/results/format-record";
import { recordFormatContext } from "@/lib/results/record-labels";
import { Link } from "@/components/ui/link";
import { buttonClasses } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("results"))("title") };
}

/** Rows shown on the page; the CSV has them all (the total always says how many there are). */
const PAGE_ROWS = 500;

/** The records behind one figure of the results page, with the same period and filters (all in the URL). */
export default async function ResultRecordsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaff("appointments:read");
  const query = await searchParams;
  const [t, locale, db] = await Promise.all([getTranslations("results"), getLocale(), getDb()]);
  const uiLocale = locale === "en" ? "en" : "es";
  const now = new Date();
  const timeZone = ctx.clinic.timezone;
  const doctors = await listDoctors(db, { clinicId: ctx.clinicId, locale: uiLocale });
  const parsed = parseResultsQuery(query, { now, timeZone, doctorIds: doctors.map((d) => d.id) });
  if (!parsed.list) notFound();
  const rules = await getResultsRules(db, { clinicId: ctx.clinicId });
  if (!rules) notFound();
  const list = parsed.list;
  const currency = ctx.clinic.currency as Currency;
  const [records, format] = await Promise.all([
    listResultRecords(db, {
      list,
      clinicId: ctx.clinicId,
      range: parsed.period,
      now,
      rules,
      currency,
      filters: parsed.filters,
      limit: PAGE_ROWS,
    }),
    recordFormatContext({ locale: uiLocale, timeZone, currency, list }),
  ]);
  const columns = RECORD_COLUMNS[list];
  const doctorName = doctors.find((d) => d.id === parsed.filters.doctorId)?.name;
  const filterText = [doctorName, parsed.filters.channel ? format.label("channel", parsed.filters.channel) : null]
    .filter(Boolean)
    .join(" · ");

  return (
    <div className="max-w-6xl space-y-4">
      <p>
        <Link href={`/results${resultsSearch(parsed)}`} className="text-sm font-medium text-blue-700 underline">
          {t("records.back")}
        </Link>
      </p>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">{t(`records.titles.${list}`)}</h1>
          <p className="text-sm text-gray-600">
            {parsed.period.firstDay} – {parsed.period.lastDay}
            {filterText ? ` · ${filterText}` : ""} ·{" "}
            <strong data-testid="records-total">{t("records.total", { count: records.total })}</strong>
          </p>
        </div>
        <a
          href={`/${locale}/results/records/csv${resultsSearch(parsed, { list })}`}
          className={buttonClasses("secondary", "px-3 py-1.5")}
          data-testid="records-csv"
        >
          {t("records.csv")}
        </a>
      </div>
      {records.rows.length === 0 ? (
        <p className="text-sm text-gray-600">{t("records.empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
          <table className="w-full text-left text-sm" data-testid="records-table">
            <caption className="sr-only">{t("records.caption")}</caption>
            <thead className="text-xs text-gray-600">
              <tr>
                {["at", "patient", "doctor", ...columns].map((c) => (
                  <th key={c} scope="col" className="px-3 py-2 font-medium">
                    {t(`records.columns.${c}` as "records.columns.at")}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {records.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row" className="px-3 py-1.5 font-normal whitespace-nowrap">
                    <time dateTime={r.at.toISOString()}>{formatRecordTime(r.at, timeZone)}</time>
                  </th>
                  <td className="px-3 py-1.5">{r.patient ?? ""}</td>
                  <td className="px-3 py-1.5">{r.doctor ?? ""}</td>
                  {columns.map((c) => (
                    <td key={c} className="px-3 py-1.5">
                      {formatRecordValue(c, r.values[c] ?? null, format)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
