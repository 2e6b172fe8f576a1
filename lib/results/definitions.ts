import type { NotificationType } from "@/db/schema";

/**
 * The messages about a visit a patient can answer to confirm it (a reply "SÍ" or the WhatsApp button acts on
 * the visit: lib/inbound/parse-reply.ts). Time to confirm runs from the first of them delivered.
 */
export const CONFIRMATION_REQUEST_TYPES = [
  "booking_confirmation",
  "reschedule",
  "reminder",
  "reminder_1h",
] as const satisfies readonly NotificationType[];

/** The reminders whose delivery reminder coverage counts: every reminder type of the registry. */
export { REMINDER_TYPES } from "@/lib/notifications/registry";

/** A delivery the provider reported delivered (read implies delivered). */
export const DELIVERED_STATUSES = ["delivered", "read"] as const;

/** What a past visit ended as, computed from the record (lib/results/outcomes.ts). */
export const VISIT_OUTCOMES = ["attended", "no_show", "late_cancelled", "cancelled", "unmarked", "upcoming"] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** The product's target band for the weekly no-show chart (PAYMENTS-CAMPAIGNS-RESULTS.md §3.2: 10–15 %). */
export const NO_SHOW_TARGET = { low: 0.1, high: 0.15 } as const;
