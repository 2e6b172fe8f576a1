import { pgEnum } from "drizzle-orm/pg-core";

export const locales = ["es", "en"] as const;

/**
 * Every kind of message Luna sends. Stored as text (adding a type needs no enum migration) but typed as
 * this union in the schema, so no code reads a bare string. lib/notifications/registry.ts describes each.
 */
export const NOTIFICATION_TYPES = [
  "booking_confirmation",
  "reminder",
  "reminder_1h",
  "reschedule",
  "cancellation",
  "opt_out_confirmation",
  "opt_in_confirmation",
  "lab_result_ready",
  "prescription_ready",
  "intake_form",
  "care_instructions_ready",
  "payment_request",
  "payment_reminder",
  "slot_offer",
  "slot_offer_taken",
  "campaign_flu_vaccination",
  "campaign_annual_checkup",
  "campaign_recall",
  "campaign_announcement",
  "satisfaction_survey",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
/**
 * What a message is about (deliveries.subject_type / subject_id / subject_version): a visit (its version is
 * the appointment's), a patient link (lab result, prescription, form, care instructions), or the patient
 * (a reply to their STOP/START), or a charge (a payment request and its balance reminders). The next kinds add
 * theirs (a campaign, a waitlist offer).
 */
export const DELIVERY_SUBJECT_TYPES = [
  "appointment",
  "secure_link",
  "patient",
  "charge",
  "slot_offer_recipient",
  "campaign_recipient",
] as const;
export type DeliverySubjectType = (typeof DELIVERY_SUBJECT_TYPES)[number];

export function isNotificationType(value: string): value is NotificationType {
  return (NOTIFICATION_TYPES as readonly string[]).includes(value);
}
export type Locale = (typeof locales)[number];

export const localeEnum = pgEnum("locale", locales);
export const staffRoleEnum = pgEnum("staff_role", ["admin", "doctor", "staff"]);
/** A doctor's title, which in Spanish also carries the grammatical gender: "el Dr. García", "la Dra. López". */
export const doctorTitles = ["dr", "dra"] as const;
export type DoctorTitle = (typeof doctorTitles)[number];
export const doctorTitleEnum = pgEnum("doctor_title", doctorTitles);
export const channelEnum = pgEnum("channel", ["whatsapp", "sms", "email"]);
export const reachabilityEnum = pgEnum("reachability", ["unknown", "yes", "no"]);
/** Who or what opted a patient out of a channel. */
export const optOutSourceEnum = pgEnum("opt_out_source", ["staff", "patient_reply", "provider", "patient_link"]);
export const appointmentKindEnum = pgEnum("appointment_kind", ["in_person", "video"]);
export const appointmentStatusEnum = pgEnum("appointment_status", ["scheduled", "confirmed", "cancelled", "completed", "no_show"]);
export const deliveryStatusEnum = pgEnum("delivery_status", [
  "scheduled", // waiting for send_at
  "sending", // claimed by a driver, provider call in flight
  "queued", // accepted by the provider
  "sent",
  "delivered",
  "read",
  "failed",
  "undelivered",
  "cancelled", // no longer wanted (appointment moved or cancelled)
  "skipped", // not sent on purpose (opt-out, setting off, unreachable)
]);
/** Who did it: staff in the app, or the patient by replying. */
export const actorKindEnum = pgEnum("actor_kind", ["staff", "patient"]);
/**
 * What Luna made of a patient's reply. offer_accept / offer_decline: an answer to a waitlist slot offer (lib/waitlist); marketing_opt_out: BAJA/STOP
 * answering a campaign message (marketing consent on that channel only); satisfaction: a 1–5 answer to the post-visit
 * satisfaction question, stored on the visit.
 */
export const inboundIntentEnum = pgEnum("inbound_intent", [
  "opt_out",
  "opt_in",
  "confirm",
  "cancel",
  "message",
  "offer_accept",
  "offer_decline",
  "marketing_opt_out",
  "satisfaction",
]);
export const secureLinkPurposeEnum = pgEnum("secure_link_purpose", ["lab_result", "prescription", "form", "payment", "care_plan"]);

/** An intake form's progress as staff see it. */
export const formRequestStatusEnum = pgEnum("form_request_status", ["sent", "opened", "completed"]);
export const formRequestTriggerEnum = pgEnum("form_request_trigger", ["staff", "first_visit"]);

export const channels = channelEnum.enumValues;
export type Channel = (typeof channels)[number];
export type StaffRole = (typeof staffRoleEnum.enumValues)[number];
/** What a stored patient document is (lab results uploaded by staff; prescriptions rendered by Luna). */
export const documentKindEnum = pgEnum("document_kind", ["lab_result", "prescription"]);
export type DocumentKind = (typeof documentKindEnum.enumValues)[number];
