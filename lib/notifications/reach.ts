import type { Channel, Patient } from "@/db/schema";
import type { NotificationType } from "@/db/schema/enums";
import { whatsappRetryAfterDays } from "./provider-errors";
import type { ClinicNotificationSettings } from "./settings";

/** Whether an address can be tried on a channel now (opt-outs and learned reachability). */
export function channelUsable(patient: Patient, channel: Channel, now: Date): { usable: true } | { usable: false; reason: string } {
  // WhatsApp and SMS need a phone: a patient reached by email only has none.
  if (channel !== "email" && !patient.phone) return { usable: false, reason: "no_phone" };
  if (channel === "whatsapp") {
    if (patient.whatsappOptedOutAt) return { usable: false, reason: "opted_out" };
    const checked = patient.whatsappReachabilityCheckedAt?.getTime() ?? 0;
    if (patient.whatsappReachability === "no" && now.getTime() - checked < whatsappRetryAfterDays() * 86_400_000) {
      return { usable: false, reason: "whatsapp_unreachable" };
    }
  } else if (channel === "sms") {
    if (patient.smsOptedOutAt) return { usable: false, reason: "opted_out" };
    if (patient.smsReachability === "no") return { usable: false, reason: "sms_unreachable" };
  } else {
    if (patient.emailOptedOutAt) return { usable: false, reason: "opted_out" };
    if (!patient.email) return { usable: false, reason: "no_address" };
    if (patient.emailBouncedAt) return { usable: false, reason: "email_bounced" };
  }
  return { usable: true };
}

/**
 * The check most kinds end with: the clinic still sends this type on this channel, and the channel can
 * reach the patient now. A skip, with the reason (the engine hands some of them to the next channel).
 */
export function reachVerdict(params: {
  type: NotificationType;
  channel: Channel;
  patient: Patient;
  settings: Pick<ClinicNotificationSettings, "channels">;
  now: Date;
}): { send: true } | { send: false; status: "skipped"; reason: string } {
  if (!params.settings.channels[params.type]?.[params.channel]) return { send: false, status: "skipped", reason: "setting_off" };
  const usable = channelUsable(params.patient, params.channel, params.now);
  if (!usable.usable) return { send: false, status: "skipped", reason: usable.reason };
  return { send: true };
}
