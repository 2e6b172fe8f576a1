import type { CalendarEvent } from "@/lib/appointments/queries";

/** The `calendar.status.*` key of an appointment: confirmed says by whom, so status never rests on colour. */
export function statusLabelKey(e: Pick<CalendarEvent, "status" | "confirmedBy">) {
  if (e.status === "confirmed" && e.confirmedBy)
    return e.confirmedBy === "patient" ? "status.confirmedByPatient" : "status.confirmedByStaff";
  return `status.${e.status}` as const;
}
