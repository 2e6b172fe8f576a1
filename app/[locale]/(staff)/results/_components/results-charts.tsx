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

export interface HistogramBar {
  label: string;
  count: number;
}

/** Confirmations by time to confirm (the buckets of lib/results TIME_TO_CONFIRM_BUCKETS). */
export function TimeToConfirmChart({ data, labels }: { data: HistogramBar[]; labels: { count: string } }) {
  return (
    <div aria-hidden inert className="h-56 w-full overflow-hidden">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 224 }}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={44} />
          <Tooltip />
          <Bar dataKey="count" name={labels.count} fill="#2563eb" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface FunnelGroup {
  label: string;
  requested: number;
  opened: number;
  paid: number;
}

/** Payment requests per method: requested, link opened, paid, side by side. */
export function PaymentFunnelChart({ data, labels }: { data: FunnelGroup[]; labels: { requested: string; opened: string; paid: string } }) {
  return (
    <div aria-hidden inert className="h-56 w-full overflow-hidden">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 224 }}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={44} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="requested" name={labels.requested} fill="#93c5fd" isAnimationActive={false} />
          <Bar dataKey="opened" name={labels.opened} fill="#3b82f6" isAnimationActive={false} />
          <Bar dataKey="paid" name={labels.paid} fill="#15803d" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface DoctorBar {
  label: string;
  noShowRate: number | null;
  confirmationRate: number | null;
}

/** Each doctor's no-show and confirmation rates, as horizontal bars (one row per doctor). */
export function DoctorRatesChart({
  data,
  locale,
  labels,
}: {
  data: DoctorBar[];
  locale: string;
  labels: { noShowRate: string; confirmationRate: string };
}) {
  const tick = percentTick(locale);
  return (
    <div aria-hidden inert className="w-full overflow-hidden" style={{ height: Math.max(160, 56 * data.length + 64) }}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: Math.max(160, 56 * data.length + 64) }}>
        <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={tick} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="label" tick={{ fontSize: 12 }} width={120} />
          <Tooltip formatter={(value) => (typeof value === "number" ? tick(value) : String(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="noShowRate" name={labels.noShowRate} fill="#dc2626" isAnimationActive={false} />
          <Bar dataKey="confirmationRate" name={labels.confirmationRate} fill="#2563eb" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
