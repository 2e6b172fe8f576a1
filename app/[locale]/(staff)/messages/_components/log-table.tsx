"use client";

import { useMemo, useTransition } from "react";
import { functionalUpdate, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { Link } from "@/components/ui/link";
import { useRouter } from "@/i18n/navigation";
import { cn } from "@/components/ui/cn";
import type { Channel } from "@/db/schema";
import { StatusBadge } from "@/components/messages/status-badge";

/** One row as the log shows it: words already in the UI's language, the phone already masked. */
export interface LogTableRow {
  id: string;
  time: string;
  /** "View details of the message of …", for screen readers. */
  openLabel: string;
  patient: string;
  type: string;
  channel: Channel;
  channelLabel: string;
  status: string;
  statusLabel: string;
  reason: string | null;
  attempts: number;
  simulated: boolean;
}

const features = tableFeatures({ rowSortingFeature });

/** Per-column cell classes: the channel column shows from laptop width (folded into "type" below it). */
const COLUMN_CLASS: Record<string, string> = {
  channel: "hidden lg:table-cell",
  attempts: "text-right",
};

export interface LogTableLabels {
  caption: string;
  columns: Record<"time" | "patient" | "type" | "channel" | "status" | "attempts", string>;
  sortBy: Record<"time" | "attempts", string>;
  outbox: string;
}

/**
 * The log's table (TanStack Table v9: `useTable` + `tableFeatures`). Sorting is manual: a header click
 * changes the URL and the server answers with the page in the new order.
 */
export function LogTable(props: {
  rows: LogTableRow[];
  sorting: SortingState;
  /** The href of this view with another sort (cursor dropped): the server builds it from the URL. */
  sortHrefs: Record<string, string>;
  labels: LogTableLabels;
}) {
  const { rows, sorting, sortHrefs, labels } = props;
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const columns = useMemo<ColumnDef<typeof features, LogTableRow>[]>(
    () => [
      {
        id: "time",
        accessorKey: "time",
        header: labels.columns.time,
        enableSorting: true,
        sortDescFirst: true,
        cell: ({ row }) => (
          <Link
            href={`/messages/${row.original.id}`}
            className="font-medium text-brand-700 lg:whitespace-nowrap underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
            aria-label={row.original.openLabel}
          >
            {row.original.time}
          </Link>
        ),
      },
      {
        id: "patient",
        accessorKey: "patient",
        header: labels.columns.patient,
        enableSorting: false,
        // "María · •••• 5678": the masked number never breaks across lines.
        cell: ({ row }) => {
          const [name, phone] = row.original.patient.split(" · ");
          return (
            <span>
              {name}
              {phone && <span className="whitespace-nowrap"> · {phone}</span>}
            </span>
          );
        },
      },
      {
        id: "type",
        accessorKey: "type",
        header: labels.columns.type,
        enableSorting: false,
        cell: ({ row }) => (
          <span>
            {row.original.type}
            {/* Below laptop width the channel column folds into this one. */}
            <span className="block text-xs text-gray-600 lg:hidden">{row.original.channelLabel}</span>
          </span>
        ),
      },
      {
        id: "channel",
        accessorKey: "channelLabel",
        header: labels.columns.channel,
        enableSorting: false,
      },
      {
        id: "status",
        accessorKey: "statusLabel",
        header: labels.columns.status,
        enableSorting: false,
        cell: ({ row }) => (
          <div className="flex flex-col gap-1">
            <div className="flex flex-wrap items-center gap-1">
              <StatusBadge status={row.original.status} label={row.original.statusLabel} />
              {row.original.simulated && (
                <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">{labels.outbox}</span>
              )}
            </div>
            {row.original.reason && <span className="text-xs text-gray-700">{row.original.reason}</span>}
          </div>
        ),
      },
      {
        id: "attempts",
        accessorKey: "attempts",
        header: labels.columns.attempts,
        enableSorting: true,
        sortDescFirst: true,
        cell: ({ row }) => <span className="tabular-nums">{row.original.attempts}</span>,
      },
    ],
    [labels],
  );

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    state: { sorting },
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    onSortingChange: (updater) => {
      const [next] = functionalUpdate(updater, sorting);
      if (!next) return;
      const href = sortHrefs[`${next.id}.${next.desc ? "desc" : "asc"}`];
      if (href) startTransition(() => router.push(href));
    },
  });

  return (
    <div
      className={cn("overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-gray-200 transition-opacity", pending && "opacity-60")}
      aria-busy={pending}
    >
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{labels.caption}</caption>
        <thead className="bg-gray-50 text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const sortable = header.column.getCanSort();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={cn("px-2 py-3 lg:px-3", COLUMN_CLASS[header.column.id])}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 rounded uppercase tracking-wide hover:text-gray-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
                        title={labels.sortBy[header.column.id as "time" | "attempts"]}
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-gray-100">
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              data-testid="log-row"
              data-status={row.original.status}
              className="cursor-pointer hover:bg-gray-50"
              // The time is the keyboard's link; a click anywhere on the row does the same for a mouse.
              onClick={(event) => {
                if ((event.target as HTMLElement).closest("a,button")) return;
                router.push(`/messages/${row.original.id}`);
              }}
            >
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={cn("px-2 py-2.5 align-top lg:px-3", COLUMN_CLASS[cell.column.id])}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
