import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { slotOfferRecipients, slotOffers, users, type SlotOffer, type SlotOfferRecipient } from "@/db/schema";
import type { DoctorTitle } from "@/db/schema/enums";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { channelUsable, reachVerdict } from "../reach";
import { defineKind, NOTICE_DEADLINE_MS, plainTemplateKey, subjectMapKey } from "./types";

/** One patient's offer of a freed slot (lib/waitlist), with the slot and its doctor as the message names them. */
export type SlotOfferSubject = SlotOfferRecipient & {
  offer: Pick<SlotOffer, "id" | "status" | "startsAt" | "endsAt" | "kind">;
  doctorName: string;
  doctorTitle: DoctorTitle | null;
};

/**
 * A waitlist slot offer (`slot_offer`: "Se liberó un espacio … ¿Lo quieres?", with quick replies naming the
 * offer, `offer_accept:<id>` / `offer_decline:<id>`) and the answer to a late acceptance (`slot_offer_taken`).
 * The subject is the recipient row (`slot_offer_recipient`): an offer is wanted only while that patient's
 * hold runs and the slot is still open; it is worth sending until the hold ends. The waitlist plans it
 * outside quiet hours itself (lib/waitlist/offers.ts), so the engine never holds it past the hold.
 */
export const slotOfferKind = defineKind<SlotOfferSubject, Record<string, never>>({
  id: "slot_offer",
  subjectType: "slot_offer_recipient",
  payloadSchema: z.object({}).transform(() => ({}) as Record<string, never>),
  missingSubjectReason: "offer_missing",

  async loadSubjects(db, keys) {
    const subjects = new Map<string, SlotOfferSubject>();
    if (keys.length === 0) return subjects;
    const ids = [...new Set(keys.map((k) => k.subjectId))];
    const clinicIds = [...new Set(keys.map((k) => k.clinicId))];
    const rows = await db
      .select({ recipient: slotOfferRecipients, offer: slotOffers, doctorName: users.name, doctorTitle: users.title })
      .from(slotOfferRecipients)
      .innerJoin(slotOffers, and(eq(slotOffers.id, slotOfferRecipients.offerId), eq(slotOffers.clinicId, slotOfferRecipients.clinicId)))
      .leftJoin(users, eq(users.id, slotOffers.doctorId))
      .where(and(inArray(slotOfferRecipients.id, ids), inArray(slotOfferRecipients.clinicId, clinicIds)));
    const wanted = new Set(keys.map((k) => `${subjectMapKey(k)}/${k.patientId}`));
    for (const row of rows) {
      const key = subjectMapKey({ clinicId: row.recipient.clinicId, subjectId: row.recipient.id });
      // A recipient row is one patient's: a delivery to anyone else has no subject.
      if (!wanted.has(`${key}/${row.recipient.patientId}`)) continue;
      subjects.set(key, {
        ...row.recipient,
        offer: { id: row.offer.id, status: row.offer.status, startsAt: row.offer.startsAt, endsAt: row.offer.endsAt, kind: row.offer.kind },
        doctorName: row.doctorName ?? "",
        doctorTitle: row.doctorTitle ?? null,
      });
    }
    return subjects;
  },

  decide({ delivery, subject, patient, settings, now }) {
    if (delivery.notificationType === "slot_offer_taken") {
      const usable = channelUsable(patient, delivery.channel, now);
      return usable.usable ? { send: true } : { send: false, status: "skipped", reason: usable.reason };
    }
    if (subject.status !== "offered" || subject.offer.status !== "open")
      return { send: false, status: "cancelled", reason: "offer_closed" };
    if (subject.expiresAt.getTime() <= now.getTime()) return { send: false, status: "cancelled", reason: "offer_expired" };
    return reachVerdict({ type: delivery.notificationType, channel: delivery.channel, patient, settings, now });
  },

  deadline: ({ delivery, subject }) =>
    delivery.notificationType === "slot_offer_taken" ? new Date(delivery.sendAt.getTime() + NOTICE_DEADLINE_MS) : subject.expiresAt,
  // Planned outside quiet hours by the waitlist; the late-acceptance answer replies to the patient's own message.
  urgent: () => true,
  fallsBack: true,
  templateVariants: ["in_person"],
  templateKey: plainTemplateKey,

  templateValues({ subject, patient, clinic, locale, now }) {
    return {
      variant: "in_person",
      vars: {
        firstName: patient.firstName,
        doctorName: doctorPhrase({ name: subject.doctorName, title: subject.doctorTitle }, locale),
        clinicName: clinic.name,
        startsAt: subject.offer.startsAt,
        timeZone: clinic.timezone,
        now,
        // The offer a tap on "Sí, lo quiero" / "No, gracias" answers.
        replyTo: subject.id,
      },
    };
  },

  forecastSubject: () => null,
});
