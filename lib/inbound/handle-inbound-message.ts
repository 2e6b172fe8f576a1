import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboundMessages, patients, type Patient } from "@/db/schema";
import { cancelAppointmentAs, confirmAppointment, type ScheduledDelivery } from "@/lib/appointments/change-appointment";
import { runChange } from "@/lib/domain-events/run-change";
import { answerOffer, type OfferReplyOutcome } from "@/lib/waitlist/offers";
import { matchOfferReply } from "@/lib/waitlist/replies";
import { normalizeSender } from "./normalize-sender";
import { parseReply, resolveReply, type InboundIntent, type ReplyChannel } from "./parse-reply";
import { revokeMarketingOnCampaignStop } from "@/lib/campaigns/revoke-on-reply";
import { findReplyTargetAppointment, unsafeFindPatientsByPhone } from "./queries";
import { matchSatisfactionReply, recordSatisfactionAnswer } from "./match-satisfaction-reply";
import type { InboundForm } from "./schemas";
import { unsafeListOwnSenderClinicIds, type TwilioWebhookSender } from "@/lib/messaging/clinic-messaging";

/** Why a confirm/cancel reply changed nothing (it is then kept as a message). */
export type UnmatchedReason = "no_appointment" | "notFound" | "alreadyCancelled" | "inThePast";

export type InboundOutcome =
  /** No patient has this number (or From is not a phone number): nothing stored, nothing changed. */
  | { kind: "unknown_sender"; channel: ReplyChannel }
  /** This MessageSid was handled before (Twilio retried): nothing changed. */
  | { kind: "duplicate"; channel: ReplyChannel }
  | {
      kind: "handled";
      channel: ReplyChannel;
      inboundMessageId: string;
      clinicId: string;
      patientId: string;
      /** What Luna did, as stored on the inbound message. */
      intent: InboundIntent;
      /** The appointment confirmed or cancelled. */
      appointmentId: string | null;
      /** The patient asked to confirm/cancel but nothing matched. */
      unmatched?: UnmatchedReason;
      /** Deliveries the reply's change planned (handed to the driver after commit by `runChange`). */
      scheduled: ScheduledDelivery[];
      /** The reply answered a waitlist offer (lib/waitlist): what came of it. */
      offer?: OfferReplyOutcome;
      /** The reply rated a visit (1–5), stored on it (match-satisfaction-reply.ts). */
      satisfaction?: { score: number };
    };

const optOutColumns = (channel: ReplyChannel, at: Date | null) =>
  channel === "whatsapp"
    ? { whatsappOptedOutAt: at, whatsappOptOutSource: at ? ("patient_reply" as const) : null }
    : { smsOptedOutAt: at, smsOptOutSource: at ? ("patient_reply" as const) : null };

const optedOutOf = (patient: Patient, channel: ReplyChannel) =>
  Boolean(channel === "whatsapp" ? patient.whatsappOptedOutAt : patient.smsOptedOutAt);

/**
 * Acts on a patient's WhatsApp/SMS reply (the verified webhook form) and keeps it on their chart:
 *
 * - the sender is found by phone: among the patients of the clinic whose own number was written to, or, on
 *   Luna's shared sender, across the clinics that use it (`unsafeFindPatientsByPhone` picks the patient Luna
 *   last wrote to on that channel); from there on every query takes that patient's clinic;
 * - opt-out / opt-in touch only the channel written on (source "patient_reply") and plan one confirmation;
 * - a 1–5 answer to the post-visit satisfaction question (its button, or a bare digit while the question is
 *   open: match-satisfaction-reply.ts says when) is stored on the visit, before any confirm/cancel reading;
 * - confirm / cancel act on the patient's next upcoming appointment (or the button payload's, if it is
 *   theirs), as the patient; cancelling frees the slot, cancels pending reminders and plans the notice;
 * - anything else, or a confirm/cancel that matches nothing, is stored as a message for staff.
 *
 * One change (`runChange`: one transaction, `reply.received` published in it, the driver told after commit;
 * a cancel's own change joins it). The inbound message row is written first: its unique MessageSid makes a
 * retried or concurrent duplicate webhook wait and then change nothing. Returns what it did.
 */
export async function handleInboundMessage(
  db: Db,
  params: {
    form: InboundForm;
    now: Date;
    /** Whose sender the reply was written to (the webhook verified it with that sender's token); default Luna's shared one. */
    sender?: TwilioWebhookSender;
  },
): Promise<InboundOutcome> {
  const { form, now } = params;
  const sender = normalizeSender({ from: form.From, waId: form.WaId });
  const { channel } = sender;
  if (!sender.phone) return { kind: "unknown_sender", channel };
  const to = params.sender ?? { kind: "shared" as const };
  const [candidate] = await unsafeFindPatientsByPhone(db, {
    phone: sender.phone,
    channel,
    ...(to.kind === "own" ? { clinicId: to.clinicId } : { excludeClinicIds: await unsafeListOwnSenderClinicIds(db) }),
  });
  if (!candidate) return { kind: "unknown_sender", channel };
  const clinicId = candidate.patient.clinicId;
  const parsed = parseReply(form.Body, form.ButtonPayload, channel);

  return runChange(db, async (tx, change) => {
    const [claimed] = await tx
      .insert(inboundMessages)
      .values({
        clinicId,
        patientId: candidate.patient.id,
        channel,
        providerMessageId: form.MessageSid,
        fromAddress: form.From,
        waId: sender.waId,
        body: form.Body,
        buttonPayload: form.ButtonPayload ?? null,
        intent: "message",
        receivedAt: now,
      })
      .onConflictDoNothing({ target: inboundMessages.providerMessageId })
      .returning({ id: inboundMessages.id });
    if (!claimed) return { kind: "duplicate", channel } as const;

    // Serializes this patient's replies (a quick BAJA then ALTA) and reads the opt-out state they act on.
    // NO KEY UPDATE: another reply's change may still plan a message to this patient meanwhile (a waitlist
    // slot taken by someone else tells them so); its foreign key's KEY SHARE must not wait on this lock.
    const [patient] = await tx
      .select()
      .from(patients)
      .where(and(eq(patients.id, candidate.patient.id), eq(patients.clinicId, clinicId)))
      .for("no key update")
      .limit(1);
    if (!patient) throw new Error(`patient ${candidate.patient.id} vanished while handling ${form.MessageSid}`);
    const patientId = patient.id;
    const patientWhere = and(eq(patients.id, patientId), eq(patients.clinicId, clinicId));

    // The raw WhatsApp id, for replying to exactly the address that wrote (learned, not an edit: updatedAt stays).
    if (sender.waId && sender.waId !== patient.whatsappWaId) {
      await tx.update(patients).set({ whatsappWaId: sender.waId }).where(patientWhere);
    }

    let intent = resolveReply(parsed, { optedOut: optedOutOf(patient, channel) });
    let appointmentId: string | null = null;
    let unmatched: UnmatchedReason | undefined;
    let offer: OfferReplyOutcome | undefined;
    let satisfaction: { score: number } | undefined;
    // An answer to a waitlist offer (its button, or a typed "Sí"/"No" while one is held) is matched before
    // any visit: a bare "Sí" then takes the offered slot rather than confirming the next visit.
    const offerReply =
      intent === "opt_out" || intent === "opt_in"
        ? null
        : await matchOfferReply(tx, { clinicId, patientId, body: form.Body, buttonPayload: form.ButtonPayload, now });

    const satisfactionReply =
      offerReply || intent === "opt_out" || intent === "opt_in"
        ? null
        : await matchSatisfactionReply(tx, { clinicId, patientId, body: form.Body, buttonPayload: form.ButtonPayload, now });

    if (offerReply) {
      offer = await answerOffer(tx, { recipient: offerReply.recipient, answer: offerReply.answer, channel, now });
      intent = offerReply.answer === "accept" ? "offer_accept" : "offer_decline";
      if (offer.outcome === "booked") appointmentId = offer.appointmentId;
    } else if (satisfactionReply) {
      await recordSatisfactionAnswer(tx, { clinicId, appointmentId: satisfactionReply.appointmentId, score: satisfactionReply.score, now });
      intent = "satisfaction";
      appointmentId = satisfactionReply.appointmentId;
      satisfaction = { score: satisfactionReply.score };
      // BAJA/STOP answering a campaign message: marketing consent on this channel only; reminders keep flowing.
    } else if (intent === "opt_out" && (await revokeMarketingOnCampaignStop(tx, { clinicId, patientId, channel, now }))) {
      intent = "marketing_opt_out";
    } else if (intent === "opt_out" || intent === "opt_in") {
      await tx
        .update(patients)
        .set({ ...optOutColumns(channel, intent === "opt_out" ? now : null), updatedAt: now })
        .where(patientWhere);
    } else if (intent === "confirm" || intent === "cancel") {
      const target = await findReplyTargetAppointment(tx, { clinicId, patientId, now, appointmentId: parsed.appointmentId });
      const actor = { kind: "patient" as const, patientId };
      if (!target) {
        unmatched = parsed.appointmentId ? "notFound" : "no_appointment";
      } else if (intent === "confirm") {
        const result = await confirmAppointment(tx, { clinicId, appointmentId: target, actor, now });
        if (result.ok) appointmentId = target;
        else unmatched = result.error;
      } else {
        const result = await cancelAppointmentAs(tx, { clinicId, appointmentId: target, actor, now });
        if (result.ok) appointmentId = target;
        else unmatched = result.error === "alreadyCancelled" || result.error === "inThePast" ? result.error : "notFound";
      }
      if (unmatched) intent = "message";
    }

    await tx
      .update(inboundMessages)
      .set({ intent, appointmentId })
      .where(and(eq(inboundMessages.id, claimed.id), eq(inboundMessages.clinicId, clinicId)));
    await change.publish({ type: "reply.received", clinicId, patient, channel, intent, messageSid: form.MessageSid, now });
    const scheduled: ScheduledDelivery[] = change.effects.scheduled;
    return {
      kind: "handled",
      channel,
      inboundMessageId: claimed.id,
      clinicId,
      patientId,
      intent,
      appointmentId,
      ...(unmatched ? { unmatched } : {}),
      ...(offer ? { offer } : {}),
      ...(satisfaction ? { satisfaction } : {}),
      scheduled,
    } as const;
  });
}
