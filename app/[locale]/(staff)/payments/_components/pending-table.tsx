"use client";

import { useMemo } from "react";
import { tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { Link } from "@/components/ui/link";

/** One pending charge as the list shows it: every word and amount already in the UI's language. */
export interface PendingTableRow {
  id: string;
  patientId: string;
  patient: string;
  visit: string;
  concept: string;
  amount: string;
  balance: string;
  due: string;
  overdue: boolean;
  state: string;
}

const features = tableFeatures({});
type Column = "patient" | "visit" | "concept" | "amount" | "balance" | "due" | "state";

/** The pending payments table (TanStack Table v9, `useTable` + `tableFeatures`); order and filters come from the server. */
export function PendingTable({ rows, labels }: { rows: PendingTableRow[]; labels: { caption: string; columns: Record<Column, string> } }) {
  const columns = useMemo<ColumnDef<typeof features, PendingTableRow>[]>(
    () => [
      {
        id: "patient",
        accessorKey: "patient",
        header: labels.columns.patient,
        cell: ({ row }) => (
          <Link href={`/patients/${row.original.patientId}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            {row.original.patient}
          </Link>
        ),
      },
      { id: "visit", accessorKey: "visit", header: labels.columns.visit },
      { id: "concept", accessorKey: "concept", header: labels.columns.concept },
      {
        id: "amount",
        accessorKey: "amount",
        header: labels.columns.amount,
        cell: ({ row }) => <span className="tabular-nums">{row.original.amount}</span>,
      },
      {
        id: "balance",
        accessorKey: "balance",
        header: labels.columns.balance,
        cell: ({ row }) => <span className="font-medium tabular-nums">{row.original.balance}</span>,
      },
      {
        id: "due",
        accessorKey: "due",
        header: labels.columns.due,
        cell: ({ row }) => <span className={row.original.overdue ? "font-medium text-red-700" : undefined}>{row.original.due}</span>,
      },
      { id: "state", accessorKey: "state", header: labels.columns.state },
    ],
    [labels],
  );
  const table = useTable({ features, columns, data: rows, getRowId: (row) => row.id });
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{labels.caption}</caption>
        <thead className="bg-gray-50 text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className="px-3 py-3">
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-gray-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid="pending-row">
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className="px-3 py-2 align-top">
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
