import type { Channel, Locale } from "@/db/schema";
import { NOTIFICATION_TYPES, type NotificationType } from "@/db/schema/enums";
import { appointmentKind } from "./kinds/appointment";
import { campaignKind } from "./kinds/campaign";
import { patientLinkKind } from "./kinds/patient-link";
import { paymentRequestKind } from "./kinds/payment-request";
import { replyKind } from "./kinds/reply";
import { satisfactionKind } from "./kinds/satisfaction";
import { slotOfferKind } from "./kinds/slot-offer";
import type { AppointmentVariant, MessageKind } from "./kinds/types";

/**
 * The one registry of notification types. The settings grid, the scheduler, the templates and the
 * i18n keys (`notifications.types.<type>`) all read it. Each row points at its kind
 * (`lib/notifications/kinds/`), which holds everything that depends on what the message is about: a new
 * type of an existing kind is a row and its templates; a new kind is one kind file, its templates and its rows.
 */
export { NOTIFICATION_TYPES, isNotificationType, type NotificationType } from "@/db/schema/enums";
export { APPOINTMENT_VARIANTS, type AppointmentVariant } from "./kinds/types";

/** When a type's message is due. */
export type Timing =
  | { kind: "immediate" }
  /** Before the appointment by the clinic's chosen reminder lead (minutes). */
  | { kind: "clinic_reminder_lead" }
  /** Before the appointment by a fixed number of minutes. */
  | { kind: "before_start"; minutes: number }
  /** On the clinic's balance-reminder schedule, after a payment request (lib/notifications/plan-payment-request.ts). */
  | { kind: "payment_schedule" }
  /** After the visit was marked attended: this many minutes after its end (or after the marking, if later). */
  | { kind: "after_attended"; minutes: number };

export interface NotificationTypeDefinition {
  type: NotificationType;
  /**
   * What kind of message it is (kinds/): a visit's (`appointmentKind`), a patient link's (`patientLinkKind`:
   * staff shared lab results, a prescription, a form …, planned with planLinkNotification), or the answer
   * to a patient's reply (`replyKind`). The engine asks the kind; it never branches on the type.
   */
  kind: MessageKind;
  /**
   * Shown in the settings grid. Replies to a patient's STOP/START are not: they go once, on the
   * channel the patient wrote on, whatever the settings (Meta and carriers expect the confirmation).
   */
  configurable: boolean;
  timing: Timing;
  /** Meta template category; campaigns will be "marketing". */
  category: "utility" | "marketing";
  /** A 1 h reminder that has not arrived soon on WhatsApp is worth an SMS. */
  timeCritical: boolean;
  /** Settings defaults for a new clinic: WhatsApp on, SMS and email as the clinic chooses. */
  defaultChannels: Record<Channel, boolean>;
}

const whatsappFirst: Record<Channel, boolean> = { whatsapp: true, sms: false, email: false };

/** A health campaign's message (a MARKETING template): sent to the campaign's audience, with marketing consent. */
function campaignMessage(type: NotificationType): NotificationTypeDefinition {
  return {
    type,
    kind: campaignKind,
    configurable: false,
    timing: { kind: "immediate" },
    category: "marketing",
    timeCritical: false,
    defaultChannels: { whatsapp: true, sms: true, email: true },
  };
}

/** A message that hands the patient a link (planLinkNotification): at once, WhatsApp → SMS → email. */
function linkMessage(type: NotificationType): NotificationTypeDefinition {
  return {
    type,
    kind: patientLinkKind,
    configurable: true,
    timing: { kind: "immediate" },
    category: "utility",
    timeCritical: false,
    defaultChannels: { whatsapp: true, sms: true, email: true },
  };
}

/** A waitlist message (lib/waitlist), at once; email replies are not read, so it goes where the patient can answer. */
function slotOfferMessage(type: NotificationType): NotificationTypeDefinition {
  return {
    type,
    kind: slotOfferKind,
    configurable: false,
    timing: { kind: "immediate" },
    category: "utility",
    timeCritical: false,
    defaultChannels: { whatsapp: true, sms: true, email: false },
  };
}

export const NOTIFICATION_REGISTRY: Record<NotificationType, NotificationTypeDefinition> = {
  booking_confirmation: {
    type: "booking_confirmation",
    kind: appointmentKind,
    configurable: true,
    timing: { kind: "immediate" },
    category: "utility",
    timeCritical: false,
    defaultChannels: { whatsapp: true, sms: false, email: true },
  },
  reminder: {
    type: "reminder",
    kind: appointmentKind,
    configurable: true,
    timing: { kind: "clinic_reminder_lead" },
    category: "utility",
    timeCritical: false,
    defaultChannels: whatsappFirst,
  },
  reminder_1h: {
    type: "reminder_1h",
    kind: appointmentKind,
    configurable: true,
    timing: { kind: "before_start", minutes: 60 },
    category: "utility",
    timeCritical: true,
    // Optional: off until the clinic turns it on.
    defaultChannels: { whatsapp: false, sms: false, email: false },
  },
  reschedule: {
    type: "reschedule",
    kind: appointmentKind,
    configurable: true,
    timing: { kind: "immediate" },
    category: "utility",
    timeCritical: false,
    defaultChannels: { whatsapp: true, sms: false, email: true },
  },
  cancellation: {
    type: "cancellation",
    kind: appointmentKind,
    configurable: true,
    timing: { kind: "immediate" },
    category: "utility",
    timeCritical: false,
    defaultChannels: { whatsapp: true, sms: false, email: true },
  },
  opt_out_confirmation: {
    type: "opt_out_confirmation",
    kind: replyKind,
    configurable: false,
    timing: { kind: "immediate" },
    category: "utility",
    timeCritical: false,
    defaultChannels: { whatsapp: true, sms: true, email: false },
  },
  opt_in_confirmation: {
    type: "opt_in_confirmation",
    kind: replyKind,
    configurable: false,
    timing: { kind: "immediate" },
    category: "utility",
    timeCritical: false,
    defaultChannels: { whatsapp: true, sms: true, email: false },
  },
  // Lab results, prescription, intake form and care instructions: in the settings grid with their previews;
  // WhatsApp first, with SMS and email as fallbacks by default.
  lab_result_ready: linkMessage("lab_result_ready"),
  prescription_ready: linkMessage("prescription_ready"),
  intake_form: linkMessage("intake_form"),
  care_instructions_ready: linkMessage("care_instructions_ready"),
  // A charge's payment link (staff send it from the chart) and the balance reminders the clinic's payment
  // settings schedule after it: WhatsApp → SMS → email, not in the settings grid (Settings → Payments
  // turns the reminders on or off).
  payment_request: { ...linkMessage("payment_request"), kind: paymentRequestKind, configurable: false },
  payment_reminder: {
    ...linkMessage("payment_reminder"),
    kind: paymentRequestKind,
    configurable: false,
    timing: { kind: "payment_schedule" },
  },
  // The waitlist's offer of a freed slot (lib/waitlist), and the answer to an acceptance that came too late.
  slot_offer: slotOfferMessage("slot_offer"),
  slot_offer_taken: slotOfferMessage("slot_offer_taken"),
  campaign_flu_vaccination: campaignMessage("campaign_flu_vaccination"),
  campaign_annual_checkup: campaignMessage("campaign_annual_checkup"),
  campaign_recall: campaignMessage("campaign_recall"),
  campaign_announcement: campaignMessage("campaign_announcement"),
  // The post-visit satisfaction question (1–5): optional, off until the clinic turns it on in the grid.
  satisfaction_survey: {
    type: "satisfaction_survey",
    kind: satisfactionKind,
    configurable: true,
    timing: { kind: "after_attended", minutes: 60 },
    category: "utility",
    timeCritical: false,
    defaultChannels: { whatsapp: false, sms: false, email: false },
  },
};

/** The campaign templates an admin chooses from (registry rows of category "marketing"). */
export const CAMPAIGN_TEMPLATE_TYPES = NOTIFICATION_TYPES.filter((t) => NOTIFICATION_REGISTRY[t].category === "marketing");

/** Types staff switch per channel in the settings grid. */
export const CONFIGURABLE_NOTIFICATION_TYPES = NOTIFICATION_TYPES.filter((t) => NOTIFICATION_REGISTRY[t].configurable);

/**
 * A visit's reminders: its types timed before the start (by the clinic's lead or by fixed minutes). The
 * planner, the settings re-plan and the results read this list; a new reminder is a registry row.
 */
export const REMINDER_TYPES: readonly NotificationType[] = NOTIFICATION_TYPES.filter(
  (t) =>
    NOTIFICATION_REGISTRY[t].kind.subjectType === "appointment" &&
    (NOTIFICATION_REGISTRY[t].timing.kind === "clinic_reminder_lead" || NOTIFICATION_REGISTRY[t].timing.kind === "before_start"),
);

/** Channels tried, in order, when one cannot reach the patient. */
export const FALLBACK_ORDER = ["whatsapp", "sms", "email"] as const;

/** Reminder leads a clinic may choose (hours before the visit). */
export const REMINDER_LEAD_HOURS = [48, 24, 12, 2] as const;
export const DEFAULT_REMINDER_LEAD_HOURS = 24;

/** The kind of a type's messages (undefined for a type no longer in the registry). */
export function kindOf(type: NotificationType): MessageKind | undefined {
  return NOTIFICATION_REGISTRY[type]?.kind;
}

/** The template key of a type × variant × locale (WhatsApp content SIDs are configured per key); its kind decides the shape. */
export function templateKey(type: NotificationType, variant: AppointmentVariant, locale: Locale) {
  return NOTIFICATION_REGISTRY[type].kind.templateKey({ type, variant, locale });
}
