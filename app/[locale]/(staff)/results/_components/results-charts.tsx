"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * The results page's charts (Recharts 3). They are pictures of the tables printed under them, which carry
 * the same numbers for screen readers and tests (so the picture is aria-hidden and inert, never focusable: no
 * accessibilityLayer); animation is off so a screenshot shows the final state.
 */

export interface WeeklyPoint {
  label: string;
  noShowRate: number | null;
  confirmationRate: number | null;
}

const percentTick = (locale: string) => (value: number) =>
  new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(value);

export function WeeklyRatesChart({
  data,
  locale,
  labels,
  target,
}: {
  data: WeeklyPoint[];
  locale: string;
  labels: { noShowRate: string; confirmationRate: string };
  target: { low: number; high: number };
}) {
  const tick = percentTick(locale);
  return (
    <div aria-hidden inert className="h-64 w-full overflow-hidden">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 256 }}>
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 1]} tickFormatter={tick} tick={{ fontSize: 12 }} width={44} />
          <ReferenceArea y1={target.low} y2={target.high} fill="#16a34a" fillOpacity={0.12} stroke="none" />
          <Tooltip formatter={(value) => (typeof value === "number" ? tick(value) : String(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="monotone"
            dataKey="noShowRate"
            name={labels.noShowRate}
            stroke="#dc2626"
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="confirmationRate"
            name={labels.confirmationRate}
            stroke="#2563eb"
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface ChannelBar {
  label: string;
  read: number;
  deliveredUnread: number;
  pending: number;
  failed: number;
}

export function ChannelOutcomesChart({
  data,
  labels,
}: {
  data: ChannelBar[];
  labels: { read: string; deliveredUnread: string; pending: string; failed: string };
}) {
  return (
    <div aria-hidden inert className="h-56 w-full overflow-hidden">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 224 }}>
        <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="label" tick={{ fontSize: 12 }} width={72} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="read" name={labels.read} stackId="a" fill="#15803d" isAnimationActive={false} />
          <Bar dataKey="deliveredUnread" name={labels.deliveredUnread} stackId="a" fill="#4ade80" isAnimationActive={false} />
          <Bar dataKey="pending" name={labels.pending} stackId="a" fill="#d1d5db" isAnimationActive={false} />
          <Bar dataKey="failed" name={labels.failed} stackId="a" fill="#dc2626" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
