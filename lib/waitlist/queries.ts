import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { slotOfferRecipients, slotOffers } from "@/db/schema";

/** What became of a freed visit's slot, as the calendar shows it ("offered to 3, 1 declined, waiting"). */
export interface SlotOfferSummary {
  offerId: string;
  freedAppointmentId: string | null;
  status: "open" | "filled" | "closed";
  offered: number;
  declined: number;
  /** Still holding it (no answer yet). */
  waiting: number;
  bookedAppointmentId: string | null;
  /** The wave is held for quiet hours until then. */
  heldUntil: Date | null;
}

/** The offers of these freed visits, in the clinic. */
export async function slotOfferSummaries(
  db: Db,
  params: { clinicId: string; appointmentIds: string[] },
): Promise<Map<string, SlotOfferSummary>> {
  const out = new Map<string, SlotOfferSummary>();
  if (params.appointmentIds.length === 0) return out;
  const rows = await db
    .select({
      offer: slotOffers,
      offered: sql<number>`count(${slotOfferRecipients.id})::int`,
      declined: sql<number>`count(${slotOfferRecipients.id}) filter (where ${slotOfferRecipients.status} = 'declined')::int`,
      waiting: sql<number>`count(${slotOfferRecipients.id}) filter (where ${slotOfferRecipients.status} = 'offered')::int`,
    })
    .from(slotOffers)
    .leftJoin(
      slotOfferRecipients,
      and(eq(slotOfferRecipients.offerId, slotOffers.id), eq(slotOfferRecipients.clinicId, slotOffers.clinicId)),
    )
    .where(and(eq(slotOffers.clinicId, params.clinicId), inArray(slotOffers.freedAppointmentId, params.appointmentIds)))
    .groupBy(slotOffers.id)
    .orderBy(slotOffers.createdAt);
  for (const row of rows) {
    if (!row.offer.freedAppointmentId) continue;
    out.set(row.offer.freedAppointmentId, {
      offerId: row.offer.id,
      freedAppointmentId: row.offer.freedAppointmentId,
      status: row.offer.status,
      offered: Number(row.offered),
      declined: Number(row.declined),
      waiting: Number(row.waiting),
      bookedAppointmentId: row.offer.bookedAppointmentId,
      heldUntil: row.offer.heldUntil,
    });
  }
  return out;
}

/** The freed-slot fill rate for the results dashboard: slots refilled from the waitlist ÷ slots offered, and minutes to refill. */
export interface FillRate {
  /** Freed slots the waitlist offered (a slot too close to its start, or freed with auto-offer off, is not counted). */
  freed: number;
  refilled: number;
  /** refilled ÷ freed; null when nothing was freed. */
  rate: number | null;
  /** Median and slowest minutes from freeing to the booking; null when nothing was refilled. */
  medianMinutesToRefill: number | null;
  maxMinutesToRefill: number | null;
}

/** Slots freed in [from, to) (by when they freed), in one clinic. */
export async function waitlistFillRate(db: Db, params: { clinicId: string; from: Date; to: Date }): Promise<FillRate> {
  const rows = await db
    .select({ status: slotOffers.status, freedAt: slotOffers.freedAt, filledAt: slotOffers.filledAt })
    .from(slotOffers)
    .where(and(eq(slotOffers.clinicId, params.clinicId), gte(slotOffers.freedAt, params.from), lt(slotOffers.freedAt, params.to)));
  const minutes = rows
    .filter((r) => r.status === "filled" && r.filledAt)
    .map((r) => (r.filledAt!.getTime() - r.freedAt.getTime()) / 60_000)
    .sort((a, b) => a - b);
  const median =
    minutes.length === 0
      ? null
      : minutes.length % 2
        ? minutes[(minutes.length - 1) / 2]
        : (minutes[minutes.length / 2 - 1] + minutes[minutes.length / 2]) / 2;
  return {
    freed: rows.length,
    refilled: minutes.length,
    rate: rows.length ? minutes.length / rows.length : null,
    medianMinutesToRefill: median === null ? null : Math.round(median * 10) / 10,
    maxMinutesToRefill: minutes.length ? Math.round(minutes[minutes.length - 1] * 10) / 10 : null,
  };
}

/** The clinic's latest freed slots with what became of each (the Waitlist page's "Freed slots"). */
export async function listRecentSlotOffers(db: Db, params: { clinicId: string; limit?: number }) {
  const offers = await db
    .select({
      id: slotOffers.id,
      startsAt: slotOffers.startsAt,
      doctorId: slotOffers.doctorId,
      freedAppointmentId: slotOffers.freedAppointmentId,
    })
    .from(slotOffers)
    .where(eq(slotOffers.clinicId, params.clinicId))
    .orderBy(sql`${slotOffers.freedAt} desc`)
    .limit(params.limit ?? 10);
  const summaries = await slotOfferSummaries(db, {
    clinicId: params.clinicId,
    appointmentIds: offers.map((o) => o.freedAppointmentId).filter((id): id is string => Boolean(id)),
  });
  return offers.flatMap((o) => {
    const summary = o.freedAppointmentId ? summaries.get(o.freedAppointmentId) : undefined;
    return summary && summary.offerId === o.id ? [{ ...summary, startsAt: o.startsAt, doctorId: o.doctorId }] : [];
  });
}
