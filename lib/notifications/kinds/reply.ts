import { z } from "zod";
import { channelUsable } from "../reach";
import { defineKind, NOTICE_DEADLINE_MS, plainTemplateKey, subjectMapKey } from "./types";

/** The patient who wrote: the answer is about them and goes to them. */
export interface ReplySubject {
  patientId: string;
}

/**
 * The answers to a patient's own STOP / START (opt-out and opt-in confirmations). The subject is the
 * patient (`subject_id` = the recipient), loaded with the recipient: no query of its own. It goes once,
 * on the channel the patient wrote on, whatever the clinic's settings (Meta and carriers expect it).
 */
export const replyKind = defineKind<ReplySubject, Record<string, never>>({
  id: "reply",
  subjectType: "patient",
  payloadSchema: z.object({}).transform(() => ({}) as Record<string, never>),
  missingSubjectReason: "patient_missing",

  async loadSubjects(_db, keys) {
    // The recipient is loaded by the engine (a vanished patient fails the row as patient_missing); a
    // reply's subject is that same patient, so a row about someone else has no subject.
    return new Map(keys.filter((k) => k.subjectId === k.patientId).map((k) => [subjectMapKey(k), { patientId: k.patientId }]));
  },

  decide({ delivery, patient, now }) {
    // The confirmation of an opt-out goes on the very channel just opted out of: it is the last message there.
    const usable = channelUsable(patient, delivery.channel, now);
    if (!usable.usable && !(delivery.notificationType === "opt_out_confirmation" && usable.reason === "opted_out")) {
      return { send: false, status: "skipped", reason: usable.reason };
    }
    return { send: true };
  },

  deadline: ({ delivery }) => new Date(delivery.sendAt.getTime() + NOTICE_DEADLINE_MS),
  // The patient just wrote: the answer goes at once, whatever the hour.
  urgent: () => true,
  // On the channel the patient wrote on, or not at all.
  fallsBack: false,
  templateVariants: ["in_person"],
  templateKey: plainTemplateKey,

  templateValues({ patient, clinic, now }) {
    // It names only the patient and the clinic; the visit fields are not in its template.
    return {
      variant: "in_person",
      vars: {
        firstName: patient.firstName,
        doctorName: clinic.name,
        clinicName: clinic.name,
        startsAt: now,
        timeZone: clinic.timezone,
        now,
      },
    };
  },

  forecastSubject: ({ patientId }) => ({ patientId }),
});
