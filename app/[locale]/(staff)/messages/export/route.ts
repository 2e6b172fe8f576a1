import type { NextRequest } from "next/server";
import { hasLocale } from "next-intl";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { routing } from "@/i18n/routing";
import { recordAudit } from "@/lib/audit/record-audit";
import { getStaffContext } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { toZonedInputValue } from "@/lib/dates";
import { CSV_COLUMNS, streamLogCsv } from "@/lib/message-log/export-csv";
import { getLogLabels } from "@/lib/message-log/labels";
import { parseLogParams } from "@/lib/message-log/schemas";

/**
 * GET /{locale}/messages/export?…the log's view and filters… — the CSV of every delivery they match, in
 * the view's order, for the signed-in staff member's clinic only (the clinic comes from the session,
 * never from the URL). A cursor in the URL is ignored: the export is the whole filter, not one page.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return new Response("Not found", { status: 404 });
  const ctx = await getStaffContext();
  if (!ctx) return new Response("Unauthorized", { status: 401 });
  const t = await getTranslations({ locale, namespace: "messageLog" });
  if (!can(ctx.role, "messages:read"))
    return new Response((await getTranslations({ locale, namespace: "common" }))("forbidden"), { status: 403 });

  const { params: log } = parseLogParams(request.nextUrl.searchParams);
  const db = await getDb();
  const filters = { channel: log.channel, status: log.status, type: log.type, patient: log.patient, from: log.from, to: log.to };
  const view = log.view ?? "sent";
  // A bulk read of patient data is recorded: which filters were used (their names, never the values).
  await recordAudit(db, {
    clinicId: ctx.clinicId,
    actorUserId: ctx.userId,
    action: "messages.export_csv",
    entityType: "delivery",
    metadata: { view, filters: Object.keys(filters).filter((key) => filters[key as keyof typeof filters]), sort: log.sort },
  });
  const stream = streamLogCsv(db, {
    clinicId: ctx.clinicId,
    timeZone: ctx.clinic.timezone,
    filters: { ...filters, view },
    sort: log.sort,
    labels: await getLogLabels(locale),
    headers: Object.fromEntries(CSV_COLUMNS.map((column) => [column, t(`csv.${column}`)])) as Record<(typeof CSV_COLUMNS)[number], string>,
    yes: t("csv.yes"),
    no: t("csv.no"),
  });
  const stamp = toZonedInputValue(new Date(), ctx.clinic.timezone).replace(/[:T]/g, "-");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${t("csv.filename")}-${stamp}.csv"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
