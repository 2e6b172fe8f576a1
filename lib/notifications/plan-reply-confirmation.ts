import type { Db } from "@/db/client";
import type { Locale } from "@/db/schema";
import { insertPlannedDeliveries, toScheduledDelivery, type ScheduledDelivery } from "./insert-deliveries";
import { templateKey } from "./registry";

/** The answers Luna sends to a patient's own STOP/START (registry trigger "patient_reply"). */
export type ReplyConfirmationType = "opt_out_confirmation" | "opt_in_confirmation";

/** The idempotency key of a reply confirmation: one per inbound message and type, so a retried webhook plans none. */
export function replyConfirmationKey(params: { messageSid: string; type: ReplyConfirmationType }) {
  return `reply:${params.messageSid}:${params.type}`;
}

/**
 * Plans the confirmation of an opt-out or opt-in, due now, on the channel the patient wrote on and in
 * their language, with a "scheduled" delivery event. It is about no appointment. Pass the transaction
 * that changed the patient; returns the planned row (none when this message was already answered) for
 * the driver after commit (the `reply.received` listener, listeners.ts). Dispatch sends it whatever the clinic's settings, and the
 * opt-out confirmation even on the channel just opted out of.
 */
export async function planReplyConfirmation(
  tx: Db,
  params: {
    clinicId: string;
    patientId: string;
    type: ReplyConfirmationType;
    channel: "whatsapp" | "sms";
    locale: Locale;
    /** Twilio's MessageSid of the patient's reply. */
    messageSid: string;
    now: Date;
  },
): Promise<ScheduledDelivery[]> {
  const { now } = params;
  const rows = await insertPlannedDeliveries(tx, {
    now,
    rows: [
      {
        clinicId: params.clinicId,
        patientId: params.patientId,
        // About the patient: the confirmation of their own STOP / START.
        subjectType: "patient",
        subjectId: params.patientId,
        appointmentId: null,
        appointmentVersion: null,
        notificationType: params.type,
        channel: params.channel,
        locale: params.locale,
        // Reply confirmations read the same for both variants; the key has no variant ("opt_out_confirmation.es").
        templateKey: templateKey(params.type, "in_person", params.locale),
        sendAt: now,
        idempotencyKey: replyConfirmationKey({ messageSid: params.messageSid, type: params.type }),
      },
    ],
  });
  return rows.map(toScheduledDelivery);
}
