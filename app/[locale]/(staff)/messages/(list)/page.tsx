import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { channels, type Locale } from "@/db/schema";
import { requireStaff } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/dates";
import { getLogLabels, maskedPatient } from "@/lib/message-log/labels";
import { listMessageLog } from "@/lib/message-log/queries";
import { LOG_SORTS, LOG_VIEWS, logSearchParams, parseLogParams, VIEW_STATUSES, type LogFilters } from "@/lib/message-log/schemas";
import { NOTIFICATION_TYPES } from "@/lib/notifications/registry";
import { Link } from "@/components/ui/link";
import { buttonClasses } from "@/components/ui/button";
import { RememberLogView } from "../_components/back-to-log";
import { LogFiltersForm } from "../_components/log-filters";
import { LogTable, type LogTableRow } from "../_components/log-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("messageLog"))("title") };
}

export default async function MessagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaff("messages:read");
  const { params, invalid } = parseLogParams(await searchParams);
  const locale = (await getLocale()) as Locale;
  const [t, ta, tc, labels, db] = await Promise.all([
    getTranslations("messageLog"),
    getTranslations("appointments"),
    getTranslations("common"),
    getLogLabels(locale),
    getDb(),
  ]);
  const timeZone = ctx.clinic.timezone;
  const page = await listMessageLog(db, { clinicId: ctx.clinicId, timeZone, log: params });

  const view = params.view ?? "sent";
  const filters: LogFilters = {
    view,
    channel: params.channel,
    status: params.status,
    type: params.type,
    patient: params.patient,
    from: params.from,
    to: params.to,
  };
  const { view: _view, ...narrowing } = filters;
  const filtered = Object.values(narrowing).some(Boolean);
  const href = (cursor?: { after?: string; before?: string }, sort = params.sort) => {
    const query = logSearchParams({ ...filters, sort }, cursor).toString();
    return `/messages${query ? `?${query}` : ""}`;
  };
  const exportQuery = logSearchParams({ ...filters, sort: params.sort }).toString();
  const clearHref = `/messages${view === "sent" ? "" : `?view=${view}`}`;
  // A tab keeps the filters that still mean something in its view, and opens in its own order.
  const viewHref = (target: (typeof LOG_VIEWS)[number]) => {
    const status = filters.status && VIEW_STATUSES[target].includes(filters.status) ? filters.status : undefined;
    const query = logSearchParams({ ...filters, view: target, status }).toString();
    return `/messages${query ? `?${query}` : ""}`;
  };

  const rows: LogTableRow[] = page.rows.map((row) => {
    const time = formatDateTime(row.sendAt, { locale, timeZone });
    return {
      id: row.id,
      time,
      openLabel: t("open", { time }),
      patient: maskedPatient(row.patientFirstName, row.patientPhoneLast4),
      type: labels.type(row.notificationType),
      channel: row.channel,
      channelLabel: labels.channel(row.channel),
      status: row.status,
      statusLabel: labels.status(row.status),
      reason: labels.statusNote(row, timeZone),
      attempts: row.attempts,
      simulated: row.simulated,
    };
  });
  const [sortColumn, sortDirection] = params.sort.split(".");
  const invalidWords = [...new Set(invalid.map((name) => t(`params.${name}`)))];

  return (
    <div className="space-y-4">
      <RememberLogView />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl space-y-1">
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-gray-600">{t("intro")}</p>
        </div>
        <a
          href={`/${locale}/messages/export${exportQuery ? `?${exportQuery}` : ""}`}
          className={buttonClasses("secondary")}
          download
          title={t("exportHint")}
        >
          {t("export")}
        </a>
      </div>

      {invalidWords.length > 0 && (
        <p role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {t("invalidParams", { fields: invalidWords.join(", ") })}
        </p>
      )}

      <nav aria-label={t("views.label")} className="border-b border-gray-200">
        <ul className="-mb-px flex flex-wrap gap-x-1">
          {LOG_VIEWS.map((target) => (
            <li key={target}>
              <Link
                href={viewHref(target)}
                aria-current={target === view ? "page" : undefined}
                data-testid={`log-view-${target}`}
                className={
                  target === view
                    ? "inline-block border-b-2 border-brand-600 px-3 py-2 text-sm font-semibold text-brand-800"
                    : "inline-block border-b-2 border-transparent px-3 py-2 text-sm font-medium text-gray-600 hover:border-gray-300 hover:text-gray-900"
                }
              >
                {t(`views.${target}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="text-sm text-gray-600" data-testid="log-view-hint">
        {t(`views.${view}Hint`)}
      </p>

      <LogFiltersForm
        values={filters}
        sort={params.sort}
        clearHref={clearHref}
        options={{
          channel: channels.map((value) => ({ value, label: labels.channel(value) })),
          status: VIEW_STATUSES[view].map((value) => ({ value, label: labels.status(value) })),
          type: NOTIFICATION_TYPES.map((value) => ({ value, label: labels.type(value) })),
        }}
        labels={{
          legend: t("filters.legend"),
          channel: t("filters.channel"),
          status: t("filters.status"),
          type: t("filters.type"),
          patient: t("filters.patient"),
          patientHint: t("filters.patientHint"),
          from: t("filters.from"),
          to: t("filters.to"),
          any: t("filters.any"),
          apply: t("filters.apply"),
          clear: t("filters.clear"),
        }}
      />

      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-gray-600">
        <p aria-live="polite" data-testid="log-total">
          {page.total.capped ? t("totalCapped", { count: page.total.count }) : t("total", { count: page.total.count })}
        </p>
        <p>{t("timeHint", { timeZone })}</p>
      </div>

      {rows.length === 0 ? (
        <div className="rounded-lg bg-white px-4 py-10 text-center text-sm text-gray-600 shadow-sm ring-1 ring-gray-200">
          {filtered ? t("empty") : t(`views.${view}Empty`)}
          {filtered && (
            <div className="mt-3">
              <Link href={clearHref} className="font-medium text-brand-700 underline">
                {t("filters.clear")}
              </Link>
            </div>
          )}
        </div>
      ) : (
        <LogTable
          rows={rows}
          sorting={[{ id: sortColumn, desc: sortDirection === "desc" }]}
          sortHrefs={Object.fromEntries(LOG_SORTS.map((sort) => [sort, href(undefined, sort)]))}
          labels={{
            caption: t("caption"),
            columns: {
              time: t("columns.time"),
              patient: t("columns.patient"),
              type: t("columns.type"),
              channel: t("columns.channel"),
              status: t("columns.status"),
              attempts: t("columns.attempts"),
            },
            sortBy: { time: t("sortBy", { column: t("columns.time") }), attempts: t("sortBy", { column: t("columns.attempts") }) },
            outbox: ta("outbox"),
          }}
        />
      )}

      {(page.prevCursor || page.nextCursor) && (
        <nav className="flex flex-wrap items-center justify-end gap-2 text-sm" aria-label={t("pagination")}>
          {page.prevCursor && (
            <>
              <Link href={href()} className={buttonClasses("ghost")}>
                {t("newest")}
              </Link>
              <Link href={href({ before: page.prevCursor })} className={buttonClasses("secondary")} rel="prev">
                {tc("previous")}
              </Link>
            </>
          )}
          {page.nextCursor && (
            <Link href={href({ after: page.nextCursor })} className={buttonClasses("secondary")} rel="next">
              {tc("next")}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
