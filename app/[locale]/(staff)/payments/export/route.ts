import type { NextRequest } from "next/server";
import { hasLocale } from "next-intl";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { routing } from "@/i18n/routing";
import { recordAudit } from "@/lib/audit/record-audit";
import { getStaffContext } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { toZonedInputValue } from "@/lib/dates";
import { listPendingCharges } from "@/lib/payments/balances";
import { PENDING_CSV_COLUMNS, pendingChargesCsv, type PendingCsvColumn } from "@/lib/payments/export-csv";
import { parsePendingParams } from "@/lib/payments/pending-params";
import { clinicToday } from "@/lib/payments/labels";

/** GET /{locale}/payments/export?…filters… — the pending list as CSV, for the signed-in staff member's clinic only. Audited. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return new Response("Not found", { status: 404 });
  const ctx = await getStaffContext();
  if (!ctx) return new Response("Unauthorized", { status: 401 });
  if (!can(ctx.role, "payments:read"))
    return new Response((await getTranslations({ locale, namespace: "common" }))("forbidden"), { status: 403 });
  const t = await getTranslations({ locale, namespace: "payments" });
  const { filters } = parsePendingParams(request.nextUrl.searchParams);
  const db = await getDb();
  const timeZone = ctx.clinic.timezone;
  const rows = await listPendingCharges(db, { clinicId: ctx.clinicId, filters, today: clinicToday(new Date(), timeZone), limit: 50_000 });
  await recordAudit(db, {
    clinicId: ctx.clinicId,
    actorUserId: ctx.userId,
    action: "payments.export_csv",
    entityType: "charge",
    metadata: { filters: Object.keys(filters), rows: rows.length },
  });
  const csv = pendingChargesCsv({
    rows,
    timeZone,
    locale,
    headers: Object.fromEntries(PENDING_CSV_COLUMNS.map((c) => [c, t(`pending.csv.${c}`)])) as Record<PendingCsvColumn, string>,
    stateLabel: (state) => t(`states.${state}`),
  });
  const stamp = toZonedInputValue(new Date(), timeZone).replace(/[:T]/g, "-");
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${t("pending.csv.filename")}-${stamp}.csv"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
