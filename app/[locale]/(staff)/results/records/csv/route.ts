import type { NextRequest } from "next/server";
import { stringify } from "csv-stringify/sync";
import { hasLocale } from "next-intl";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Currency } from "@/db/schema";
import { routing } from "@/i18n/routing";
import { recordAudit } from "@/lib/audit/record-audit";
import { getStaffContext } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listDoctors } from "@/lib/appointments/queries";
import { neutralizeFormula } from "@/lib/message-log/export-csv";
import { formatRecordTime, formatRecordValue } from "@/lib/results/format-record";
import { getResultsRules } from "@/lib/results/outcomes";
import { parseResultsQuery } from "@/lib/results/query";
import { recordFormatContext } from "@/lib/results/record-labels";
import { listResultRecords, RECORD_COLUMNS } from "@/lib/results/records";

/** GET /{locale}/results/records/csv?list=…&period=…&doctor=…&channel=… — a drill-down list as CSV, the staff member's clinic only. Audited. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return new Response("Not found", { status: 404 });
  const ctx = await getStaffContext();
  if (!ctx) return new Response("Unauthorized", { status: 401 });
  if (!can(ctx.role, "appointments:read"))
    return new Response((await getTranslations({ locale, namespace: "common" }))("forbidden"), { status: 403 });
  const db = await getDb();
  const now = new Date();
  const timeZone = ctx.clinic.timezone;
  const doctors = await listDoctors(db, { clinicId: ctx.clinicId, locale });
  const parsed = parseResultsQuery(request.nextUrl.searchParams, { now, timeZone, doctorIds: doctors.map((d) => d.id) });
  const rules = await getResultsRules(db, { clinicId: ctx.clinicId });
  if (!parsed.list || !rules) return new Response("Not found", { status: 404 });
  const list = parsed.list;
  const currency = ctx.clinic.currency as Currency;
  const t = await getTranslations({ locale, namespace: "results.records" });
  const [records, format] = await Promise.all([
    listResultRecords(db, { list, clinicId: ctx.clinicId, range: parsed.period, now, rules, currency, filters: parsed.filters }),
    recordFormatContext({ locale, timeZone, currency, list }),
  ]);
  await recordAudit(db, {
    clinicId: ctx.clinicId,
    actorUserId: ctx.userId,
    action: "results.export_csv",
    entityType: "results",
    metadata: {
      list,
      period: parsed.period.key,
      filters: Object.keys(parsed.filters).filter((k) => parsed.filters[k as "channel"]),
      rows: records.total,
    },
  });
  const columns = ["at", "patient", "doctor", ...RECORD_COLUMNS[list]];
  const body = records.rows.map((r) => [
    formatRecordTime(r.at, timeZone),
    neutralizeFormula(r.patient ?? ""),
    neutralizeFormula(r.doctor ?? ""),
    ...RECORD_COLUMNS[list].map((c) => neutralizeFormula(formatRecordValue(c, r.values[c] ?? null, format))),
  ]);
  const csv = `\ufeff${stringify([columns.map((c) => t(`columns.${c}` as "columns.at")), ...body])}`;
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${t("filename")}-${list}-${parsed.period.firstDay}-${parsed.period.lastDay}.csv"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
