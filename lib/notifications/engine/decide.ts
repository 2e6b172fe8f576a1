import type { Delivery } from "@/db/schema";
import type { ClinicNotificationSettings } from "../settings";
import { NOTIFICATION_REGISTRY } from "../registry";
import { channelUsable } from "../fallback";
import type { DeliveryContext } from "./load-context";

export type Verdict = { send: true } | { send: false; status: "skipped" | "cancelled"; reason: string };

/** Is this message still wanted, now? Pure over the freshly read state. */
export function decideDelivery(params: {
  delivery: Pick<Delivery, "notificationType" | "channel" | "appointmentVersion">;
  context: DeliveryContext;
  settings: ClinicNotificationSettings;
  now: Date;
}): Verdict {
  const { delivery, context, settings, now } = params;
  const type = delivery.notificationType;
  const definition = NOTIFICATION_REGISTRY[type];
  const { appointment, patient } = context;
  if (!definition) return { send: false, status: "skipped", reason: "unknown_type" };
  if (definition.trigger === "patient_reply") {
    // The answer to the patient's own STOP/START goes on the channel they wrote on, whatever the settings.
    const usable = channelUsable(patient, delivery.channel, now);
    if (!usable.usable && !(type === "opt_out_confirmation" && usable.reason === "opted_out")) {
      return { send: false, status: "skipped", reason: usable.reason };
    }
    return { send: true };
  }
  if (definition.trigger === "link") {
    // A link revoked or expired before the message went out: the message would only lead to "expired".
    if (!context.link) return { send: false, status: "cancelled", reason: "link_missing" };
    if (context.link.revokedAt) return { send: false, status: "cancelled", reason: "link_revoked" };
    if (context.link.expiresAt.getTime() <= now.getTime()) return { send: false, status: "cancelled", reason: "link_expired" };
    if (!settings.channels[type]?.[delivery.channel]) return { send: false, status: "skipped", reason: "setting_off" };
    const usable = channelUsable(patient, delivery.channel, now);
    if (!usable.usable) return { send: false, status: "skipped", reason: usable.reason };
    return { send: true };
  }
  if (!appointment) return { send: false, status: "cancelled", reason: "appointment_missing" };
  if (type !== "cancellation") {
    if (appointment.status === "cancelled") return { send: false, status: "cancelled", reason: "appointment_cancelled" };
    if (delivery.appointmentVersion !== appointment.version) return { send: false, status: "cancelled", reason: "stale_version" };
    if (appointment.startsAt.getTime() <= now.getTime()) return { send: false, status: "skipped", reason: "too_late" };
  } else if (appointment.status !== "cancelled") {
    return { send: false, status: "cancelled", reason: "appointment_not_cancelled" };
  }
  if (!settings.channels[type]?.[delivery.channel]) return { send: false, status: "skipped", reason: "setting_off" };
  const usable = channelUsable(patient, delivery.channel, now);
  if (!usable.usable) return { send: false, status: "skipped", reason: usable.reason };
  return { send: true };
}

/**
 * Skips for these reasons hand the message to the next allowed channel (WhatsApp → SMS → email): the
 * patient cannot or will not be reached on this one, or the clinic moved the type off it since planning.
 */
export const FALL_BACK_ON_SKIP = new Set([
  "whatsapp_unreachable",
  "sms_unreachable",
  "email_bounced",
  "opted_out",
  "setting_off",
  "no_address",
]);
