import { cn } from "@/components/ui/cn";

const TONES: Record<string, string> = {
  scheduled: "bg-gray-100 text-gray-800",
  sending: "bg-sky-100 text-sky-900",
  queued: "bg-sky-100 text-sky-900",
  sent: "bg-sky-100 text-sky-900",
  delivered: "bg-emerald-100 text-emerald-900",
  read: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  undelivered: "bg-red-100 text-red-900",
  cancelled: "bg-gray-100 text-gray-700",
  skipped: "bg-yellow-100 text-yellow-900",
};

/** A delivery status as a coloured word (the word carries the meaning; the colour only helps). */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={cn("inline-block rounded px-1.5 py-0.5 text-xs font-medium", TONES[status] ?? TONES.scheduled)}>{label}</span>;
}
