import { TZDate } from "@date-fns/tz";
import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, ne, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  appointments,
  clinics,
  patients,
  slotOfferRecipients,
  slotOffers,
  users,
  waitlistEntries,
  type Channel,
  type Patient,
  type SlotOffer,
  type SlotOfferRecipient,
  type WaitlistEntry,
} from "@/db/schema";
import { bookAppointmentAs, cancelAppointmentAs } from "@/lib/appointments/change-appointment";
import { zonedCalendarDate } from "@/lib/dates";
import { runChange } from "@/lib/domain-events/run-change";
import type { ChangeEffects, DomainEventOf, Listener } from "@/lib/domain-events/types";
import { getEnv } from "@/lib/env";
import { channelUsable } from "@/lib/notifications/fallback";
import { insertPlannedDeliveries, toScheduledDelivery, type ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { RESCHEDULE_COALESCE_MS } from "@/lib/notifications/plan-appointment-deliveries";
import { quietHoursEnd } from "@/lib/notifications/quiet-hours";
import { FALLBACK_ORDER, templateKey } from "@/lib/notifications/registry";
import { lockClinicSettings } from "@/lib/notifications/replan-future-visits";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { getWaitlistSettings, type WaitlistSettings } from "./settings";

/**
 * Freed slots offered to the waitlist (issue 16). A cancellation or a move frees a slot; if it starts at
 * least the clinic's minimum lead from now, a `slot_offers` row is opened (one per doctor and start) and
 * the first wave of matching patients (earliest request first) gets a `slot_offer` message, after the same
 * grace period that coalesces quick edits, each with a hold. The first acceptance books through the normal
 * booking code; everyone else still waiting is told it was taken. A hold that runs out without an answer
 * moves the offer to the next wave (`advanceSlotOffers`, the scheduled check). Quiet hours hold a wave
 * until they end, and skip the slot when that would be too close to its start.
 */

/** How long a freed slot waits before its first wave: the grace period of quick edits (RESCHEDULE_COALESCE_SECONDS in the browser tests). */
export function offerGraceMs(): number {
  const seconds = getEnv().RESCHEDULE_COALESCE_SECONDS;
  return seconds === undefined ? RESCHEDULE_COALESCE_MS : seconds * 1000;
}

/** How long after an offer's hold ran out a bare "Sí" still answers it ("ya se ocupó") rather than a visit. */
export const LATE_REPLY_WINDOW_MS = 60 * 60_000;

const recipientSubject = (id: string) => ({ subjectType: "slot_offer_recipient" as const, subjectId: id });

function offerKey(recipientId: string, type: "slot_offer" | "slot_offer_taken", channel: Channel) {
  return `offer:${recipientId}:${type}:${channel}`;
}

/** Does a waiting entry fit the slot (doctor, kind, weekday and window on the clinic's clock, expiry, length)? */
export function entryFits(entry: WaitlistEntry, slot: Pick<SlotOffer, "doctorId" | "kind" | "startsAt" | "endsAt">, timeZone: string) {
  if (entry.status !== "waiting") return false;
  if (entry.doctorId && entry.doctorId !== slot.doctorId) return false;
  if (entry.kind && entry.kind !== slot.kind) return false;
  const local = new TZDate(slot.startsAt.getTime(), timeZone);
  if (entry.weekdays.length && !entry.weekdays.includes(local.getDay())) return false;
  const startMinute = local.getHours() * 60 + local.getMinutes();
  if (entry.fromMinute !== null && entry.toMinute !== null && (startMinute < entry.fromMinute || startMinute >= entry.toMinute))
    return false;
  if (entry.expiresOn) {
    const day = zonedCalendarDate(slot.startsAt, timeZone);
    const iso = `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
    if (iso > entry.expiresOn) return false;
  }
  return slot.endsAt.getTime() - slot.startsAt.getTime() >= entry.durationMinutes * 60_000;
}

/** The first channel of WhatsApp → SMS that the clinic allows for the type and that reaches the patient. */
function offerChannel(patient: Patient, allowed: Record<Channel, boolean>, now: Date): Channel | null {
  return FALLBACK_ORDER.find((c) => c !== "email" && allowed[c] && channelUsable(patient, c, now).usable) ?? null;
}

async function clinicZone(tx: Db, clinicId: string) {
  const [row] = await tx.select({ timezone: clinics.timezone }).from(clinics).where(eq(clinics.id, clinicId)).limit(1);
  return row?.timezone ?? "America/Mexico_City";
}

async function closeOffer(tx: Db, offer: Pick<SlotOffer, "id" | "clinicId">, reason: string, now: Date) {
  await tx
    .update(slotOffers)
    .set({ status: "closed", closedReason: reason, heldUntil: null, updatedAt: now })
    .where(and(eq(slotOffers.id, offer.id), eq(slotOffers.clinicId, offer.clinicId), eq(slotOffers.status, "open")));
}

/** Holds that ran out without an answer, in one clinic (frees those patients for other offers). */
async function expireRunOutHolds(tx: Db, params: { clinicId: string; now: Date; offerId?: string }) {
  await tx
    .update(slotOfferRecipients)
    .set({ status: "expired" })
    .where(
      and(
        eq(slotOfferRecipients.clinicId, params.clinicId),
        eq(slotOfferRecipients.status, "offered"),
        lte(slotOfferRecipients.expiresAt, params.now),
        params.offerId ? eq(slotOfferRecipients.offerId, params.offerId) : undefined,
      ),
    );
}

/**
 * Sends the offer's next wave (or holds it for quiet hours, or closes the offer when nobody is left or it
 * is too close to the start). Call with the offer's row locked, inside a change. Returns the planned rows.
 */
async function sendNextWave(
  tx: Db,
  params: { offer: SlotOffer; settings: WaitlistSettings; now: Date; firstWave: boolean },
): Promise<Partial<ChangeEffects>> {
  const { offer, settings, now } = params;
  const notify = await getNotificationSettings(tx, { clinicId: offer.clinicId });
  const timeZone = await clinicZone(tx, offer.clinicId);
  const sendAt = params.firstWave ? new Date(now.getTime() + offerGraceMs()) : now;
  const leadMs = settings.minLeadMinutes * 60_000;
  if (offer.startsAt.getTime() - sendAt.getTime() < leadMs) {
    await closeOffer(tx, offer, "too_close", now);
    return {};
  }
  const quietEnd = quietHoursEnd({ at: sendAt, timeZone, quietHours: notify.quietHours });
  if (quietEnd) {
    if (offer.startsAt.getTime() - quietEnd.getTime() < leadMs) await closeOffer(tx, offer, "quiet_hours", now);
    else await tx.update(slotOffers).set({ heldUntil: quietEnd, updatedAt: now }).where(eq(slotOffers.id, offer.id));
    return {};
  }
  await expireRunOutHolds(tx, { clinicId: offer.clinicId, now });

  // Who is already in this offer, who holds another open offer, who is booked at that time.
  const already = tx.select({ id: slotOfferRecipients.entryId }).from(slotOfferRecipients).where(eq(slotOfferRecipients.offerId, offer.id));
  const busyElsewhere = tx
    .select({ id: slotOfferRecipients.patientId })
    .from(slotOfferRecipients)
    .where(and(eq(slotOfferRecipients.clinicId, offer.clinicId), eq(slotOfferRecipients.status, "offered")));
  const bookedThen = tx
    .select({ id: appointments.patientId })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, offer.clinicId),
        notInArray(appointments.status, ["cancelled", "no_show"]),
        lt(appointments.startsAt, offer.endsAt),
        gt(appointments.endsAt, offer.startsAt),
      ),
    );
  const freedBy = offer.freedAppointmentId
    ? tx.select({ id: appointments.patientId }).from(appointments).where(eq(appointments.id, offer.freedAppointmentId))
    : null;
  const rows = await tx
    .select({ entry: waitlistEntries, patient: patients })
    .from(waitlistEntries)
    .innerJoin(patients, and(eq(patients.id, waitlistEntries.patientId), eq(patients.clinicId, waitlistEntries.clinicId)))
    .where(
      and(
        eq(waitlistEntries.clinicId, offer.clinicId),
        eq(waitlistEntries.status, "waiting"),
        or(isNull(waitlistEntries.doctorId), eq(waitlistEntries.doctorId, offer.doctorId)),
        notInArray(waitlistEntries.id, already),
        notInArray(waitlistEntries.patientId, busyElsewhere),
        notInArray(waitlistEntries.patientId, bookedThen),
        freedBy ? notInArray(waitlistEntries.patientId, freedBy) : undefined,
      ),
    )
    .orderBy(asc(waitlistEntries.createdAt), asc(waitlistEntries.id));

  const allowed = notify.channels.slot_offer;
  const chosen: { entry: WaitlistEntry; patient: Patient; channel: Channel }[] = [];
  for (const { entry, patient } of rows) {
    if (chosen.length >= settings.waveSize) break;
    if (chosen.some((c) => c.patient.id === patient.id)) continue;
    if (!entryFits(entry, offer, timeZone)) continue;
    const channel = offerChannel(patient, allowed, now);
    if (channel) chosen.push({ entry, patient, channel });
  }

  if (chosen.length === 0) {
    const [waiting] = await tx
      .select({ id: slotOfferRecipients.id })
      .from(slotOfferRecipients)
      .where(and(eq(slotOfferRecipients.offerId, offer.id), eq(slotOfferRecipients.status, "offered")))
      .limit(1);
    if (!waiting) await closeOffer(tx, offer, "no_match", now);
    return {};
  }

  const wave = offer.wave + 1;
  const expiresAt = new Date(sendAt.getTime() + settings.holdMinutes * 60_000);
  const inserted = await tx
    .insert(slotOfferRecipients)
    .values(
      chosen.map((c) => ({
        clinicId: offer.clinicId,
        offerId: offer.id,
        entryId: c.entry.id,
        patientId: c.patient.id,
        wave,
        status: "offered" as const,
        offeredAt: sendAt,
        expiresAt,
      })),
    )
    // A patient offered another slot at this very moment keeps that one (one open offer each).
    .onConflictDoNothing()
    .returning();
  await tx.update(slotOffers).set({ wave, heldUntil: null, updatedAt: now }).where(eq(slotOffers.id, offer.id));

  const planned = await insertPlannedDeliveries(tx, {
    now,
    rows: inserted.map((recipient) => {
      const { patient, channel } = chosen.find((c) => c.entry.id === recipient.entryId)!;
      return {
        clinicId: offer.clinicId,
        patientId: patient.id,
        subjectType: "slot_offer_recipient" as const,
        subjectId: recipient.id,
        appointmentId: null,
        appointmentVersion: null,
        notificationType: "slot_offer" as const,
        channel,
        locale: patient.preferredLocale,
        templateKey: templateKey("slot_offer", "in_person", patient.preferredLocale),
        payload: {},
        sendAt,
        idempotencyKey: offerKey(recipient.id, "slot_offer", channel),
      };
    }),
  });
  return { scheduled: planned.map(toScheduledDelivery) };
}

/** Plans "ya se ocupó, seguirás en la lista" for a recipient (once), on the channel given or the first that reaches them. */
async function planTakenNotice(
  tx: Db,
  params: { recipient: SlotOfferRecipient; channel?: Channel; now: Date },
): Promise<ScheduledDelivery[]> {
  const { recipient, now } = params;
  const [patient] = await tx
    .select()
    .from(patients)
    .where(and(eq(patients.id, recipient.patientId), eq(patients.clinicId, recipient.clinicId)))
    .limit(1);
  if (!patient) return [];
  const notify = await getNotificationSettings(tx, { clinicId: recipient.clinicId });
  const channel = params.channel ?? offerChannel(patient, notify.channels.slot_offer_taken, now);
  if (!channel) return [];
  // One notice per recipient, whichever channel it went on.
  const [sent] = await tx
    .select({ id: slotOfferRecipients.id })
    .from(slotOfferRecipients)
    .where(
      sql`exists (select 1 from deliveries d where d.subject_type = 'slot_offer_recipient' and d.subject_id = ${recipient.id} and d.notification_type = 'slot_offer_taken')`,
    )
    .limit(1);
  if (sent) return [];
  const rows = await insertPlannedDeliveries(tx, {
    now,
    rows: [
      {
        clinicId: recipient.clinicId,
        patientId: patient.id,
        subjectType: "slot_offer_recipient",
        subjectId: recipient.id,
        appointmentId: null,
        appointmentVersion: null,
        notificationType: "slot_offer_taken",
        channel,
        locale: patient.preferredLocale,
        templateKey: templateKey("slot_offer_taken", "in_person", patient.preferredLocale),
        payload: {},
        sendAt: now,
        idempotencyKey: offerKey(recipient.id, "slot_offer_taken", channel),
      },
    ],
  });
  return rows.map(toScheduledDelivery);
}

/** Opens an offer for a freed slot and sends (or holds) its first wave. Nothing when the clinic offers by hand or the slot is too close. */
export async function openSlotOffer(
  tx: Db,
  params: {
    clinicId: string;
    doctorId: string;
    startsAt: Date;
    endsAt: Date;
    kind: SlotOffer["kind"];
    videoUrl: string | null;
    freedAppointmentId: string | null;
    now: Date;
    /** Staff pressed "offer" (the clinic does not offer automatically). */
    byStaff?: boolean;
  },
): Promise<Partial<ChangeEffects>> {
  const { now } = params;
  const settings = await getWaitlistSettings(tx, { clinicId: params.clinicId });
  if (!settings.autoOffer && !params.byStaff) return {};
  if (params.startsAt.getTime() - now.getTime() < settings.minLeadMinutes * 60_000) return {};
  // Still free? (A move within its own slot, or a slot staff already filled.)
  const [busy] = await tx
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, params.clinicId),
        eq(appointments.doctorId, params.doctorId),
        notInArray(appointments.status, ["cancelled", "no_show"]),
        lt(appointments.startsAt, params.endsAt),
        gt(appointments.endsAt, params.startsAt),
      ),
    )
    .limit(1);
  if (busy) return {};
  const [offer] = await tx
    .insert(slotOffers)
    .values({
      clinicId: params.clinicId,
      doctorId: params.doctorId,
      startsAt: params.startsAt,
      endsAt: params.endsAt,
      kind: params.kind,
      videoUrl: params.kind === "video" ? params.videoUrl : null,
      freedAppointmentId: params.freedAppointmentId,
      freedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    // One open offer per slot: a second freeing of the same slot joins the first.
    .onConflictDoNothing()
    .returning();
  if (!offer) return {};
  return sendNextWave(tx, { offer, settings, now, firstWave: true });
}

/** `appointment.cancelled`: the visit's slot is offered (not once it began). */
export const offerCancelledSlot: Listener<DomainEventOf<"appointment.cancelled">> = async (tx, event) => {
  const { appointment, now } = event;
  if (appointment.startsAt.getTime() <= now.getTime()) return {};
  return openSlotOffer(tx, {
    clinicId: event.clinicId,
    doctorId: appointment.doctorId,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    kind: appointment.kind,
    videoUrl: appointment.videoUrl,
    freedAppointmentId: appointment.id,
    now,
  });
};

/**
 * `appointment.booked` / `appointment.rescheduled`: an open offer whose slot the visit now takes is closed
 * (staff booked it meanwhile, or a patient accepted it), and everyone still holding it is told; a move
 * frees the slot it left, which is offered.
 */
export const closeTakenOffers: Listener<DomainEventOf<"appointment.booked" | "appointment.rescheduled">> = async (tx, event) => {
  const { appointment, now } = event;
  const effects: Required<Pick<ChangeEffects, "scheduled" | "changedSubjects">> = { scheduled: [], changedSubjects: [] };
  const taken = await tx
    .update(slotOffers)
    .set({ status: "closed", closedReason: "booked", heldUntil: null, updatedAt: now })
    .where(
      and(
        eq(slotOffers.clinicId, event.clinicId),
        eq(slotOffers.doctorId, appointment.doctorId),
        eq(slotOffers.status, "open"),
        lt(slotOffers.startsAt, appointment.endsAt),
        gt(slotOffers.endsAt, appointment.startsAt),
      ),
    )
    .returning({ id: slotOffers.id });
  if (taken.length) {
    const holding = await tx
      .update(slotOfferRecipients)
      .set({ status: "too_late" })
      .where(
        and(
          eq(slotOfferRecipients.clinicId, event.clinicId),
          inArray(
            slotOfferRecipients.offerId,
            taken.map((t) => t.id),
          ),
          eq(slotOfferRecipients.status, "offered"),
        ),
      )
      .returning();
    for (const recipient of holding) {
      effects.changedSubjects.push(recipientSubject(recipient.id));
      // Not yet sent (still in its grace period): the offer is simply withdrawn (the kind cancels it).
      if (recipient.offeredAt.getTime() <= now.getTime()) effects.scheduled.push(...(await planTakenNotice(tx, { recipient, now })));
    }
  }
  if (event.type === "appointment.rescheduled" && event.previous) {
    const freed = await openSlotOffer(tx, {
      clinicId: event.clinicId,
      doctorId: appointment.doctorId,
      startsAt: event.previous.startsAt,
      endsAt: event.previous.endsAt,
      kind: appointment.kind,
      videoUrl: appointment.videoUrl,
      freedAppointmentId: appointment.id,
      now,
    });
    effects.scheduled.push(...(freed.scheduled ?? []));
  }
  return effects;
};

export type OfferAnswer = "accept" | "decline";

export type OfferReplyOutcome =
  | { outcome: "booked"; appointmentId: string; offerId: string }
  | { outcome: "declined"; offerId: string }
  /** Accepted after the slot went (to someone else, to staff, or the hold ran out): told "ya se ocupó". */
  | { outcome: "taken"; offerId: string }
  | { outcome: "already_accepted"; offerId: string; appointmentId: string | null };

/**
 * Finds the offer a reply answers: the one a button names (`offer_accept:<id>`, the patient's own), else
 * the patient's latest offer still held or whose hold ran out within LATE_REPLY_WINDOW_MS. Null: the reply
 * is not about an offer (a bare "Sí" then confirms the next visit, as before).
 */
export async function findOfferForReply(
  tx: Db,
  params: { clinicId: string; patientId: string; recipientId: string | null; now: Date },
): Promise<SlotOfferRecipient | null> {
  const { clinicId, patientId, now } = params;
  const mine = and(eq(slotOfferRecipients.clinicId, clinicId), eq(slotOfferRecipients.patientId, patientId));
  if (params.recipientId) {
    const [row] = await tx
      .select()
      .from(slotOfferRecipients)
      .where(and(mine, eq(slotOfferRecipients.id, params.recipientId)))
      .limit(1);
    return row ?? null;
  }
  const [row] = await tx
    .select()
    .from(slotOfferRecipients)
    .where(
      and(
        mine,
        lte(slotOfferRecipients.offeredAt, now),
        isNull(slotOfferRecipients.respondedAt),
        or(
          eq(slotOfferRecipients.status, "offered"),
          and(
            inArray(slotOfferRecipients.status, ["expired", "too_late"]),
            gt(slotOfferRecipients.expiresAt, new Date(now.getTime() - LATE_REPLY_WINDOW_MS)),
          ),
        ),
      ),
    )
    .orderBy(desc(slotOfferRecipients.offeredAt))
    .limit(1);
  return row ?? null;
}

/**
 * A patient's answer to an offer, inside the reply's change. Locks the clinic's settings (shared), the
 * doctor, then the offer — the order a booking takes them in — so two acceptances of one slot run one
 * after the other: the first books it through the normal booking code (confirmation and reminders
 * follow), the later one sees it filled and is told it was taken. A hold that ran out, a slot staff
 * booked, a doctor no longer free: told it was taken, nothing booked. A decline frees the patient and, once
 * nobody of the wave still holds it, sends the next wave.
 */
export async function answerOffer(
  tx: Db,
  params: { recipient: SlotOfferRecipient; answer: OfferAnswer; channel: Channel; now: Date },
): Promise<OfferReplyOutcome> {
  const { answer, channel, now } = params;
  const { clinicId } = params.recipient;
  return runChange(tx, async (inner, change): Promise<OfferReplyOutcome> => {
    const [unlocked] = await inner
      .select()
      .from(slotOffers)
      .where(and(eq(slotOffers.id, params.recipient.offerId), eq(slotOffers.clinicId, clinicId)));
    await lockClinicSettings(inner, { clinicId, mode: "share" });
    await inner
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, unlocked.doctorId), eq(users.clinicId, clinicId)))
      .for("update");
    const [offer] = await inner.select().from(slotOffers).where(eq(slotOffers.id, unlocked.id)).for("update");
    const [recipient] = await inner.select().from(slotOfferRecipients).where(eq(slotOfferRecipients.id, params.recipient.id)).for("update");
    // What this module planned itself (the next wave, "ya se ocupó"): handed over with the change.
    const effects: { scheduled: ScheduledDelivery[]; changedSubjects: ReturnType<typeof recipientSubject>[] } = {
      scheduled: [],
      changedSubjects: [],
    };
    const done = (result: OfferReplyOutcome) => {
      change.handOver(effects);
      return result;
    };
    const respond = (status: SlotOfferRecipient["status"]) =>
      inner.update(slotOfferRecipients).set({ status, respondedAt: now }).where(eq(slotOfferRecipients.id, recipient.id));

    if (recipient.status === "accepted") {
      return done({ outcome: "already_accepted", offerId: offer.id, appointmentId: offer.bookedAppointmentId });
    }
    if (answer === "decline") {
      if (recipient.status === "offered") {
        await respond("declined");
        const waveLeft = await inner
          .select({ id: slotOfferRecipients.id })
          .from(slotOfferRecipients)
          .where(
            and(
              eq(slotOfferRecipients.offerId, offer.id),
              eq(slotOfferRecipients.status, "offered"),
              ne(slotOfferRecipients.id, recipient.id),
            ),
          )
          .limit(1);
        if (offer.status === "open" && waveLeft.length === 0) {
          const settings = await getWaitlistSettings(inner, { clinicId });
          const next = await sendNextWave(inner, { offer, settings, now, firstWave: false });
          effects.scheduled.push(...(next.scheduled ?? []));
        }
      } else {
        await inner.update(slotOfferRecipients).set({ respondedAt: now }).where(eq(slotOfferRecipients.id, recipient.id));
      }
      effects.changedSubjects.push(recipientSubject(recipient.id));
      return done({ outcome: "declined", offerId: offer.id });
    }

    const tooLate = async () => {
      if (recipient.status === "offered") await respond(recipient.expiresAt.getTime() <= now.getTime() ? "expired" : "too_late");
      else await inner.update(slotOfferRecipients).set({ respondedAt: now }).where(eq(slotOfferRecipients.id, recipient.id));
      effects.scheduled.push(...(await planTakenNotice(inner, { recipient, channel, now })));
      return done({ outcome: "taken", offerId: offer.id });
    };
    if (recipient.status !== "offered" || offer.status !== "open" || recipient.expiresAt.getTime() <= now.getTime()) return tooLate();

    // Taken by this patient before the booking's own listener closes the offer for everyone else.
    await respond("accepted");
    const booked = await bookAppointmentAs(inner, {
      clinicId,
      actor: { kind: "patient", patientId: recipient.patientId },
      patientId: recipient.patientId,
      doctorId: offer.doctorId,
      startsAt: offer.startsAt,
      endsAt: offer.endsAt,
      kind: offer.kind,
      videoUrl: offer.videoUrl,
      timeZone: await clinicZone(inner, clinicId),
      now,
    });
    if (!booked.ok) {
      // The doctor is no longer free then (staff booked it, the day was blocked): nobody gets it.
      await closeOffer(inner, offer, "unavailable", now);
      recipient.status = "offered";
      await respond("too_late");
      effects.scheduled.push(...(await planTakenNotice(inner, { recipient, channel, now })));
      return done({ outcome: "taken", offerId: offer.id });
    }
    await inner
      .update(slotOffers)
      .set({ status: "filled", bookedAppointmentId: booked.appointmentId, filledAt: now, closedReason: null, updatedAt: now })
      .where(eq(slotOffers.id, offer.id));
    await inner
      .update(waitlistEntries)
      .set({ status: "booked", bookedAppointmentId: booked.appointmentId, updatedAt: now })
      .where(and(eq(waitlistEntries.id, recipient.entryId), eq(waitlistEntries.clinicId, clinicId)));
    // Accepting moves the patient's later visit with that doctor (the clinic's default), rather than adding one:
    // it is cancelled as the patient, which frees that slot for the waitlist in turn.
    const settings = await getWaitlistSettings(inner, { clinicId });
    if (settings.acceptMovesLaterVisit) {
      const [later] = await inner
        .select({ id: appointments.id })
        .from(appointments)
        .where(
          and(
            eq(appointments.clinicId, clinicId),
            eq(appointments.patientId, recipient.patientId),
            eq(appointments.doctorId, offer.doctorId),
            inArray(appointments.status, ["scheduled", "confirmed"]),
            gt(appointments.startsAt, offer.startsAt),
            ne(appointments.id, booked.appointmentId),
          ),
        )
        .orderBy(asc(appointments.startsAt))
        .limit(1);
      if (later)
        await cancelAppointmentAs(inner, {
          clinicId,
          appointmentId: later.id,
          actor: { kind: "patient", patientId: recipient.patientId },
          now,
        });
    }
    effects.changedSubjects.push(recipientSubject(recipient.id));
    return done({ outcome: "booked", appointmentId: booked.appointmentId, offerId: offer.id });
  });
}

/**
 * The scheduled check (every sweep): holds that ran out move their offer to the next wave, and waves held
 * for quiet hours go out once they end. Each offer in its own change. `now` is injected (tests).
 */
export async function advanceSlotOffers(
  db: Db,
  params: { now: Date; clinicId?: string },
): Promise<{ advanced: number; scheduled: ScheduledDelivery[] }> {
  const { now } = params;
  const candidates = await db
    .select({ id: slotOffers.id, clinicId: slotOffers.clinicId })
    .from(slotOffers)
    .where(
      and(
        eq(slotOffers.status, "open"),
        params.clinicId ? eq(slotOffers.clinicId, params.clinicId) : undefined,
        or(
          lte(slotOffers.heldUntil, now),
          and(
            isNull(slotOffers.heldUntil),
            sql`not exists (select 1 from slot_offer_recipients r where r.offer_id = ${slotOffers.id} and r.status = 'offered' and r.expires_at > ${now.toISOString()}::timestamptz)`,
          ),
        ),
      ),
    )
    .limit(200);
  const scheduled: ScheduledDelivery[] = [];
  let advanced = 0;
  for (const candidate of candidates) {
    const planned = await runChange(db, async (tx, change) => {
      const [offer] = await tx
        .select()
        .from(slotOffers)
        .where(and(eq(slotOffers.id, candidate.id), eq(slotOffers.status, "open")))
        .for("update", { skipLocked: true });
      if (!offer) return [];
      if (offer.heldUntil && offer.heldUntil.getTime() > now.getTime()) return [];
      await expireRunOutHolds(tx, { clinicId: offer.clinicId, now, offerId: offer.id });
      const settings = await getWaitlistSettings(tx, { clinicId: offer.clinicId });
      const effects = await sendNextWave(tx, { offer, settings, now, firstWave: false });
      change.handOver(effects);
      return effects.scheduled ?? [];
    });
    advanced += 1;
    scheduled.push(...planned);
  }
  return { advanced, scheduled };
}
