import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, slotOffers } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { runChange } from "@/lib/domain-events/run-change";
import { openSlotOffer } from "./offers";
import { slotOfferSummaries, type SlotOfferSummary } from "./queries";
import { getWaitlistSettings } from "./settings";

export type OfferFreedSlotError = "forbidden" | "notFound" | "notFreed" | "alreadyOffered" | "tooClose" | "slotTaken";

export type OfferFreedSlotResult = { ok: true; offerId: string } | { ok: false; error: OfferFreedSlotError };

/** What the calendar shows on a cancelled visit's slot: its offer, or whether staff may still press "Ofrecer". */
export interface FreedSlotState {
  summary: SlotOfferSummary | null;
  /** The clinic offers by hand, the visit is cancelled, its slot is far enough ahead and not yet offered. */
  canOffer: boolean;
  autoOffer: boolean;
}

/** The freed slot of one visit of the clinic (null when it is not this clinic's). */
export async function getFreedSlotState(
  db: Db,
  params: { clinicId: string; appointmentId: string; now: Date },
): Promise<FreedSlotState | null> {
  const [visit] = await db
    .select({ status: appointments.status, startsAt: appointments.startsAt })
    .from(appointments)
    .where(and(eq(appointments.id, params.appointmentId), eq(appointments.clinicId, params.clinicId)))
    .limit(1);
  if (!visit) return null;
  const [settings, summaries] = await Promise.all([
    getWaitlistSettings(db, { clinicId: params.clinicId }),
    slotOfferSummaries(db, { clinicId: params.clinicId, appointmentIds: [params.appointmentId] }),
  ]);
  const summary = summaries.get(params.appointmentId) ?? null;
  const farEnough = visit.startsAt.getTime() - params.now.getTime() >= settings.minLeadMinutes * 60_000;
  return {
    summary,
    autoOffer: settings.autoOffer,
    canOffer: visit.status === "cancelled" && !summary && farEnough,
  };
}

/**
 * Staff press "Ofrecer" on a cancelled visit (the clinic does not offer freed slots automatically, or it
 * was not offered then): the same offer code as a cancellation opens the offer and sends its first wave.
 * Audited as `waitlist.offer`. Refused without appointments:write, for another clinic's visit, a visit
 * that is not cancelled, a slot already offered, too close to its start, or booked meanwhile.
 */
export async function offerFreedSlot(
  db: Db,
  ctx: StaffContext,
  params: { appointmentId: string; now?: Date },
): Promise<OfferFreedSlotResult> {
  if (!can(ctx.role, "appointments:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  return runChange(db, async (tx, change): Promise<OfferFreedSlotResult> => {
    const [visit] = await tx
      .select()
      .from(appointments)
      .where(and(eq(appointments.id, params.appointmentId), eq(appointments.clinicId, ctx.clinicId)))
      .limit(1);
    if (!visit) return { ok: false, error: "notFound" };
    if (visit.status !== "cancelled") return { ok: false, error: "notFreed" };
    const [existing] = await tx
      .select({ id: slotOffers.id })
      .from(slotOffers)
      .where(and(eq(slotOffers.clinicId, ctx.clinicId), eq(slotOffers.freedAppointmentId, visit.id)))
      .limit(1);
    if (existing) return { ok: false, error: "alreadyOffered" };
    const settings = await getWaitlistSettings(tx, { clinicId: ctx.clinicId });
    if (visit.startsAt.getTime() - now.getTime() < settings.minLeadMinutes * 60_000) return { ok: false, error: "tooClose" };
    const effects = await openSlotOffer(tx, {
      clinicId: ctx.clinicId,
      doctorId: visit.doctorId,
      startsAt: visit.startsAt,
      endsAt: visit.endsAt,
      kind: visit.kind,
      videoUrl: visit.videoUrl,
      freedAppointmentId: visit.id,
      now,
      byStaff: true,
    });
    const [opened] = await tx
      .select({ id: slotOffers.id })
      .from(slotOffers)
      .where(and(eq(slotOffers.clinicId, ctx.clinicId), eq(slotOffers.freedAppointmentId, visit.id)))
      .limit(1);
    // Booked meanwhile, or an open offer for the same slot already (a second freeing joins the first).
    if (!opened) return { ok: false, error: "slotTaken" };
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "waitlist.offer",
      entityType: "appointment",
      entityId: visit.id,
      metadata: { offerId: opened.id },
    });
    change.handOver(effects);
    return { ok: true, offerId: opened.id };
  });
}
