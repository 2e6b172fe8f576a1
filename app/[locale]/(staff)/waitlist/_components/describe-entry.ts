import type { WaitlistEntry } from "@/db/schema";
import { formatMinuteOfDay } from "@/lib/notifications/quiet-hours";

/** "Lun, Mié · 09:00–13:00 · hasta el 2026-12-31", or the "any time" label. */
export function describePreference(
  entry: Pick<WaitlistEntry, "weekdays" | "fromMinute" | "toMinute" | "expiresOn">,
  labels: { day: (d: number) => string; anyTime: string; until: (date: string) => string },
) {
  const parts: string[] = [];
  if (entry.weekdays.length)
    parts.push(
      [...entry.weekdays]
        .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7))
        .map(labels.day)
        .join(", "),
    );
  if (entry.fromMinute !== null && entry.toMinute !== null)
    parts.push(`${formatMinuteOfDay(entry.fromMinute)}–${formatMinuteOfDay(entry.toMinute)}`);
  if (parts.length === 0) parts.push(labels.anyTime);
  if (entry.expiresOn) parts.push(labels.until(entry.expiresOn));
  return parts.join(" · ");
}
