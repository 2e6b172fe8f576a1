import type { Locale } from "@/db/schema";
import type { AppointmentVariant, NotificationType } from "../registry";

/** Every value a patient message may carry. Nothing else (no last name, no note, no reason) exists here. */
export const TEMPLATE_VARIABLES = [
  "firstName",
  "doctorName",
  "clinicName",
  "dayPhrase",
  "dateTime",
  "time",
  "timeWithArticle",
  "date",
  "videoUrl",
  "linkUrl",
  "linkDays",
  "amount",
  "bookingPlace",
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/**
 * One patient message, written once. `paragraphs` use WhatsApp's numbered placeholders `{{1}}…{{n}}`
 * and `variables` names what fills each one, in order. The WhatsApp body (what Meta approves) and the SMS
 * text are the paragraphs joined by a space; the email shows them as paragraphs.
 *
 * Meta's rules (checked by tests): the body neither starts nor ends with a placeholder, no two
 * placeholders are separated only by spaces or punctuation, placeholders run 1…n, ≤ 1,024 characters.
 */
export interface TemplateDefinition {
  paragraphs: readonly string[];
  variables: readonly TemplateVariable[];
}

// Health campaigns (MARKETING templates, sent only with the patient's marketing consent for the channel):
// the first name, the clinic and where to book — a booking link, or the clinic's name when the campaign has
// none. Never why the patient was chosen (no condition, no visit reason, no "because you have…").
// The last line says how to stop them (BAJA/STOP revokes marketing consent for that channel only).
function campaignTemplate(es: string, en: string): Record<Locale, TemplateDefinition> {
  return {
    es: {
      paragraphs: [`Hola {{1}}, ${es}`, "Agenda tu cita en {{3}} o responde a este mensaje.", "Para no recibir campañas, responde BAJA."],
      variables: ["firstName", "clinicName", "bookingPlace"],
    },
    en: {
      paragraphs: [`Hi {{1}}, ${en}`, "Book your visit at {{3}} or reply to this message.", "To stop campaigns, reply STOP."],
      variables: ["firstName", "clinicName", "bookingPlace"],
    },
  };
}
const CAMPAIGN_FLU_VACCINATION = campaignTemplate(
  "la campaña de vacunación contra la influenza ya empezó en {{2}}.",
  "the flu vaccination campaign has started at {{2}}.",
);
const CAMPAIGN_ANNUAL_CHECKUP = campaignTemplate(
  "en {{2}} te invitamos a tu revisión médica anual.",
  "we at {{2}} invite you to your annual check-up.",
);
const CAMPAIGN_RECALL = campaignTemplate(
  "ha pasado un tiempo desde tu última visita a {{2}} y nos dará gusto verte de nuevo.",
  "it has been a while since your last visit to {{2}} and we would be glad to see you again.",
);
const CAMPAIGN_ANNOUNCEMENT = campaignTemplate(
  "en {{2}} tenemos novedades para ti y te invitamos a conocerlas.",
  "we at {{2}} have news for you and invite you to find out more.",
);

// The post-visit satisfaction question (UTILITY: it is about the visit the patient just had; no clinical content,
// no reason for the visit). Its 1–5 answer is stored on the visit (lib/inbound/match-satisfaction-reply.ts).
const SATISFACTION_SURVEY: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: ["Hola {{1}}, ¿cómo fue tu visita con {{2}} en {{3}}?", "Responde del 1 al 5, donde 5 es excelente."],
    variables: ["firstName", "doctorName", "clinicName"],
  },
  en: {
    paragraphs: ["Hi {{1}}, how was your visit with {{2}} at {{3}}?", "Reply from 1 to 5, where 5 is excellent."],
    variables: ["firstName", "doctorName", "clinicName"],
  },
};

type Definitions = Record<NotificationType, Record<AppointmentVariant, Record<Locale, TemplateDefinition>>>;

// Replies to STOP/START are not about a visit: both variants read the same.
const OPT_OUT: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: ["Hola {{1}}, ya no recibirás mensajes de {{2}} por este medio.", "Si cambias de opinión, responde ALTA."],
    variables: ["firstName", "clinicName"],
  },
  en: {
    paragraphs: ["Hi {{1}}, you will no longer receive messages from {{2}} here.", "If you change your mind, reply START."],
    variables: ["firstName", "clinicName"],
  },
};
const OPT_IN: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: ["Hola {{1}}, volverás a recibir aquí los avisos de tus citas en {{2}}.", "Para dejar de recibirlos, responde BAJA."],
    variables: ["firstName", "clinicName"],
  },
  en: {
    paragraphs: ["Hi {{1}}, you will get your appointment notices from {{2}} here again.", "To stop them, reply STOP."],
    variables: ["firstName", "clinicName"],
  },
};

// Wording notes:
// - The reminder keeps a word between the doctor and the day ("para mañana"), and English puts the
//   doctor last: Meta rejects "{{2}} {{3}}" (two placeholders with only a space between them).
// - In Spanish a time ends in "a.m."/"p.m.", so a sentence that ends with {{time}} or {{dateTime}} has no
//   period of its own ("a las 10:00 a.m. Si necesitas…"); a test guards that es-MX keeps the 12 h clock.
// - Spanish says "a la 1:05 p.m." but "a las 10:00 a.m.": the article goes with the hour, so Spanish
//   templates write "a {{n}}" and fill it with `timeWithArticle` ("la 1:05 p.m.", "las 10:00 a.m.").
// - A cancelled video visit carries no join link: the link is of no use and only invites a wrong click.
// A patient link (trigger "link"): the message says what is ready and from which clinic, never what the
// document contains (no test name, no value); the link is the gate.
const LAB_RESULT_READY: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: [
      "Hola {{1}}, tus resultados de laboratorio de {{2}} están listos.",
      "Consúltalos aquí: {{3}}. El enlace vence en {{4}} días.",
    ],
    variables: ["firstName", "clinicName", "linkUrl", "linkDays"],
  },
  en: {
    paragraphs: ["Hi {{1}}, your lab results from {{2}} are ready.", "View them here: {{3}}. The link expires in {{4}} days."],
    variables: ["firstName", "clinicName", "linkUrl", "linkDays"],
  },
};

// Prescription, intake form and care instructions say who and where, never what: no medication, no
// dose, no answer, no instruction. The URL is followed by a period, which WhatsApp, SMS apps and mail
// clients leave out of the link.
const PRESCRIPTION_READY: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: ["Hola {{1}}, aquí está la receta que te dio {{2}}.", "Descárgala aquí: {{3}}. El enlace vence en {{4}} días."],
    variables: ["firstName", "doctorName", "linkUrl", "linkDays"],
  },
  en: {
    paragraphs: ["Hi {{1}}, here's your prescription from {{2}}.", "Download it here: {{3}}. This link expires in {{4}} days."],
    variables: ["firstName", "doctorName", "linkUrl", "linkDays"],
  },
};
const INTAKE_FORM: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: ["Hola {{1}}, en {{2}} te pedimos llenar un breve formulario.", "Llénalo aquí: {{3}}. El enlace vence en {{4}} días."],
    variables: ["firstName", "clinicName", "linkUrl", "linkDays"],
  },
  en: {
    paragraphs: [
      "Hi {{1}}, the team at {{2}} asks you to fill in a short form.",
      "Fill it in here: {{3}}. This link expires in {{4}} days.",
    ],
    variables: ["firstName", "clinicName", "linkUrl", "linkDays"],
  },
};
const CARE_INSTRUCTIONS_READY: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: ["Hola {{1}}, están listas las indicaciones que te dejó {{2}}.", "Consúltalas aquí: {{3}}. El enlace vence en {{4}} días."],
    variables: ["firstName", "doctorName", "linkUrl", "linkDays"],
  },
  en: {
    paragraphs: ["Hi {{1}}, your instructions from {{2}} are ready.", "Read them here: {{3}}. This link expires in {{4}} days."],
    variables: ["firstName", "doctorName", "linkUrl", "linkDays"],
  },
};

// A payment request and its balance reminders (the charge's kind): the amount still owed (formatted in the
// patient's language, "$850.00 MXN"), the visit's date and doctor, the clinic, and the /l/<token> link.
// Never the charge's concept: it may name a test or a drug ("Biometría hemática"), so no variable carries it.
const PAYMENT_REQUEST: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: [
      "Hola {{1}}, tienes un saldo pendiente de {{2}} en {{3}} por tu consulta del {{4}} con {{5}}.",
      "Paga de forma segura aquí: {{6}}. ¿Dudas sobre este cargo? Escríbenos.",
    ],
    variables: ["firstName", "amount", "clinicName", "date", "doctorName", "linkUrl"],
  },
  en: {
    paragraphs: [
      "Hi {{1}}, you have an outstanding balance of {{2}} at {{3}} for your visit on {{4}} with {{5}}.",
      "Pay securely here: {{6}}. Questions about this charge? Let us know.",
    ],
    variables: ["firstName", "amount", "clinicName", "date", "doctorName", "linkUrl"],
  },
};
const PAYMENT_REMINDER: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: [
      "Hola {{1}}, te recordamos que tienes un saldo pendiente de {{2}} en {{3}} por tu consulta del {{4}} con {{5}}.",
      "Puedes pagar aquí: {{6}}. ¿Dudas sobre este cargo? Escríbenos.",
    ],
    variables: ["firstName", "amount", "clinicName", "date", "doctorName", "linkUrl"],
  },
  en: {
    paragraphs: [
      "Hi {{1}}, a reminder that you have an outstanding balance of {{2}} at {{3}} for your visit on {{4}} with {{5}}.",
      "You can pay here: {{6}}. Questions about this charge? Let us know.",
    ],
    variables: ["firstName", "amount", "clinicName", "date", "doctorName", "linkUrl"],
  },
};
// A waitlist offer (lib/waitlist): the freed slot, never why it freed or whose it was; first name only.
const SLOT_OFFER: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: ["Hola {{1}}, se liberó un espacio con {{2}} en {{3}} el {{4}}", "¿Lo quieres? Te lo apartamos unos minutos."],
    variables: ["firstName", "doctorName", "clinicName", "dateTime"],
  },
  en: {
    paragraphs: ["Hi {{1}}, a slot opened up with {{2}} at {{3}} on {{4}}.", "Would you like it? We'll hold it for you for a few minutes."],
    variables: ["firstName", "doctorName", "clinicName", "dateTime"],
  },
};
const SLOT_OFFER_TAKEN: Record<Locale, TemplateDefinition> = {
  es: {
    paragraphs: [
      "Hola {{1}}, el espacio con {{2}} ya se ocupó.",
      "Seguirás en la lista de espera de {{3}} y te avisaremos si se libera otro.",
    ],
    variables: ["firstName", "doctorName", "clinicName"],
  },
  en: {
    paragraphs: [
      "Hi {{1}}, the slot with {{2}} has already been taken.",
      "You're still on the {{3}} waitlist and we'll let you know when another one opens up.",
    ],
    variables: ["firstName", "doctorName", "clinicName"],
  },
};

export const TEMPLATE_DEFINITIONS: Definitions = {
  booking_confirmation: {
    in_person: {
      es: {
        paragraphs: ["Hola {{1}}, tu cita con {{2}} en {{3}} quedó confirmada para el {{4}}", "Si necesitas reprogramar, avísanos."],
        variables: ["firstName", "doctorName", "clinicName", "dateTime"],
      },
      en: {
        paragraphs: ["Hi {{1}}, your appointment with {{2}} at {{3}} is confirmed for {{4}}.", "If you need to reschedule, let us know!"],
        variables: ["firstName", "doctorName", "clinicName", "dateTime"],
      },
    },
    video: {
      es: {
        paragraphs: [
          "Hola {{1}}, tu videoconsulta con {{2}} de {{3}} quedó confirmada para el {{4}}",
          "A la hora de tu cita, entra desde este enlace: {{5}}",
          "Si necesitas reprogramar, avísanos.",
        ],
        variables: ["firstName", "doctorName", "clinicName", "dateTime", "videoUrl"],
      },
      en: {
        paragraphs: [
          "Hi {{1}}, your video visit with {{2}} from {{3}} is confirmed for {{4}}.",
          "At the time of your visit, join from this link: {{5}}",
          "If you need to reschedule, let us know!",
        ],
        variables: ["firstName", "doctorName", "clinicName", "dateTime", "videoUrl"],
      },
    },
  },
  reminder: {
    in_person: {
      es: {
        paragraphs: ["Hola {{1}}, te recordamos tu cita con {{2}} para {{3}} a {{4}}", "Si necesitas reprogramar, avísanos."],
        variables: ["firstName", "doctorName", "dayPhrase", "timeWithArticle"],
      },
      en: {
        paragraphs: [
          "Hi {{1}}, just a reminder about your appointment {{2}} at {{3}} with {{4}}.",
          "If you need to reschedule, let us know!",
        ],
        variables: ["firstName", "dayPhrase", "time", "doctorName"],
      },
    },
    video: {
      es: {
        paragraphs: [
          "Hola {{1}}, te recordamos tu videoconsulta con {{2}} para {{3}} a {{4}}",
          "Entra desde este enlace: {{5}}",
          "Si necesitas reprogramar, avísanos.",
        ],
        variables: ["firstName", "doctorName", "dayPhrase", "timeWithArticle", "videoUrl"],
      },
      en: {
        paragraphs: [
          "Hi {{1}}, just a reminder about your video visit {{2}} at {{3}} with {{4}}.",
          "Join from this link: {{5}}",
          "If you need to reschedule, let us know!",
        ],
        variables: ["firstName", "dayPhrase", "time", "doctorName", "videoUrl"],
      },
    },
  },
  reminder_1h: {
    in_person: {
      es: {
        paragraphs: ["Hola {{1}}, tu cita con {{2}} en {{3}} es {{4}} a {{5}}", "Te esperamos. Si no puedes llegar, avísanos."],
        variables: ["firstName", "doctorName", "clinicName", "dayPhrase", "timeWithArticle"],
      },
      en: {
        paragraphs: [
          "Hi {{1}}, your appointment with {{2}} at {{3}} is {{4}} at {{5}}.",
          "See you soon! If you can't make it, let us know.",
        ],
        variables: ["firstName", "doctorName", "clinicName", "dayPhrase", "time"],
      },
    },
    video: {
      es: {
        paragraphs: [
          "Hola {{1}}, tu videoconsulta con {{2}} de {{3}} es {{4}} a {{5}}",
          "Entra desde este enlace unos minutos antes: {{6}}",
          "Si no puedes conectarte, avísanos.",
        ],
        variables: ["firstName", "doctorName", "clinicName", "dayPhrase", "timeWithArticle", "videoUrl"],
      },
      en: {
        paragraphs: [
          "Hi {{1}}, your video visit with {{2}} from {{3}} is {{4}} at {{5}}.",
          "Join from this link a few minutes early: {{6}}",
          "If you can't make it, let us know.",
        ],
        variables: ["firstName", "doctorName", "clinicName", "dayPhrase", "time", "videoUrl"],
      },
    },
  },
  reschedule: {
    in_person: {
      es: {
        paragraphs: [
          "Hola {{1}}, tu cita con {{2}} en {{3}} fue reprogramada.",
          "La nueva fecha es el {{4}}",
          "Si el nuevo horario no te funciona, avísanos.",
        ],
        variables: ["firstName", "doctorName", "clinicName", "dateTime"],
      },
      en: {
        paragraphs: [
          "Hi {{1}}, your appointment with {{2}} at {{3}} has been rescheduled.",
          "The new date is {{4}}.",
          "If the new time doesn't work for you, let us know!",
        ],
        variables: ["firstName", "doctorName", "clinicName", "dateTime"],
      },
    },
    video: {
      es: {
        paragraphs: [
          "Hola {{1}}, tu videoconsulta con {{2}} de {{3}} fue reprogramada.",
          "La nueva fecha es el {{4}}",
          "A la hora de tu cita, entra desde este enlace: {{5}}",
          "Si el nuevo horario no te funciona, avísanos.",
        ],
        variables: ["firstName", "doctorName", "clinicName", "dateTime", "videoUrl"],
      },
      en: {
        paragraphs: [
          "Hi {{1}}, your video visit with {{2}} from {{3}} has been rescheduled.",
          "The new date is {{4}}.",
          "At the time of your visit, join from this link: {{5}}",
          "If the new time doesn't work for you, let us know!",
        ],
        variables: ["firstName", "doctorName", "clinicName", "dateTime", "videoUrl"],
      },
    },
  },
  cancellation: {
    in_person: {
      es: {
        paragraphs: [
          "Hola {{1}}, tu cita con {{2}} del {{3}} a {{4}} fue cancelada.",
          "Para agendar una nueva cita, comunícate con {{5}} cuando quieras.",
        ],
        variables: ["firstName", "doctorName", "date", "timeWithArticle", "clinicName"],
      },
      en: {
        paragraphs: [
          "Hi {{1}}, your appointment with {{2}} on {{3}} at {{4}} has been cancelled.",
          "To book a new appointment, contact {{5}} anytime.",
        ],
        variables: ["firstName", "doctorName", "date", "time", "clinicName"],
      },
    },
    video: {
      es: {
        paragraphs: [
          "Hola {{1}}, tu videoconsulta con {{2}} del {{3}} a {{4}} fue cancelada.",
          "Para agendar una nueva cita, comunícate con {{5}} cuando quieras.",
        ],
        variables: ["firstName", "doctorName", "date", "timeWithArticle", "clinicName"],
      },
      en: {
        paragraphs: [
          "Hi {{1}}, your video visit with {{2}} on {{3}} at {{4}} has been cancelled.",
          "To book a new appointment, contact {{5}} anytime.",
        ],
        variables: ["firstName", "doctorName", "date", "time", "clinicName"],
      },
    },
  },
  opt_out_confirmation: { in_person: OPT_OUT, video: OPT_OUT },
  opt_in_confirmation: { in_person: OPT_IN, video: OPT_IN },
  lab_result_ready: { in_person: LAB_RESULT_READY, video: LAB_RESULT_READY },
  prescription_ready: { in_person: PRESCRIPTION_READY, video: PRESCRIPTION_READY },
  intake_form: { in_person: INTAKE_FORM, video: INTAKE_FORM },
  care_instructions_ready: { in_person: CARE_INSTRUCTIONS_READY, video: CARE_INSTRUCTIONS_READY },
  payment_request: { in_person: PAYMENT_REQUEST, video: PAYMENT_REQUEST },
  payment_reminder: { in_person: PAYMENT_REMINDER, video: PAYMENT_REMINDER },
  slot_offer: { in_person: SLOT_OFFER, video: SLOT_OFFER },
  slot_offer_taken: { in_person: SLOT_OFFER_TAKEN, video: SLOT_OFFER_TAKEN },
  campaign_flu_vaccination: { in_person: CAMPAIGN_FLU_VACCINATION, video: CAMPAIGN_FLU_VACCINATION },
  campaign_annual_checkup: { in_person: CAMPAIGN_ANNUAL_CHECKUP, video: CAMPAIGN_ANNUAL_CHECKUP },
  campaign_recall: { in_person: CAMPAIGN_RECALL, video: CAMPAIGN_RECALL },
  campaign_announcement: { in_person: CAMPAIGN_ANNOUNCEMENT, video: CAMPAIGN_ANNOUNCEMENT },
  satisfaction_survey: { in_person: SATISFACTION_SURVEY, video: SATISFACTION_SURVEY },
};

/**
 * Messages that ask the patient to confirm or cancel: on WhatsApp with two quick-reply buttons (Twilio
 * `twilio/quick-reply`) whose ids name the visit — `confirm:<appointmentId>` / `cancel:<appointmentId>`,
 * which the inbound webhook matches to that visit (lib/inbound/parse-reply.ts) — and by SMS with a last
 * line saying which digit to send ("1" / "2", understood by the same parser). Email replies are not read,
 * so the email asks nothing.
 */
export const REPLY_REQUEST_TYPES: ReadonlySet<NotificationType> = new Set([
  "booking_confirmation",
  "reschedule",
  "reminder",
  "reminder_1h",
]);

export interface ReplyRequest {
  /** The quick-reply buttons: id prefix (the visit's id follows the colon) and the label shown. */
  buttons: readonly { action: "confirm" | "cancel" | "offer_accept" | "offer_decline" | SatisfactionAction; title: string }[];
  /** Appended to the SMS text. */
  smsLine: string;
}

// Button titles: at most 20 characters (WhatsApp's limit for a quick reply).
export const REPLY_REQUESTS: Record<Locale, ReplyRequest> = {
  es: {
    buttons: [
      { action: "confirm", title: "Confirmo" },
      { action: "cancel", title: "Cancelar cita" },
    ],
    smsLine: "Responde 1 para confirmar o 2 para cancelar.",
  },
  en: {
    buttons: [
      { action: "confirm", title: "Confirm" },
      { action: "cancel", title: "Cancel visit" },
    ],
    smsLine: "Reply 1 to confirm or 2 to cancel.",
  },
};

/**
 * Messages about a visit the patient is going to: their in-person email ends with the clinic's address and a
 * "how to get there" maps link (when the clinic has entered one under Settings → Account). WhatsApp and SMS
 * keep their approved words; a cancellation needs no directions.
 */
export const PLACE_TYPES: ReadonlySet<NotificationType> = new Set(["booking_confirmation", "reschedule", "reminder", "reminder_1h"]);

/**
 * A waitlist offer asks "do you want it?": buttons whose ids name the offer (`offer_accept:<id>` /
 * `offer_decline:<id>`, matched by lib/waitlist before any visit), and by SMS "SI" / "NO".
 */
export const OFFER_REPLY_REQUESTS: Record<Locale, ReplyRequest> = {
  es: {
    buttons: [
      { action: "offer_accept", title: "Sí, lo quiero" },
      { action: "offer_decline", title: "No, gracias" },
    ],
    smsLine: "Responde SI para apartarlo o NO si no lo quieres.",
  },
  en: {
    buttons: [
      { action: "offer_accept", title: "Yes, I want it" },
      { action: "offer_decline", title: "No, thanks" },
    ],
    smsLine: "Reply YES to take it or NO to pass.",
  },
};

/** A satisfaction button's action: `csat_<score>`; its id is `csat_<score>:<appointmentId>`. */
export type SatisfactionAction = `csat_${1 | 2 | 3 | 4 | 5}`;

/**
 * The satisfaction question's five quick replies (WhatsApp allows up to ten in an approved template), best
 * first; by SMS the body already asks for the digit. A bare digit is read as an answer only while the question
 * is open (lib/inbound/match-satisfaction-reply.ts), so it never takes the place of "1" = confirm / "2" = cancel.
 */
export const SATISFACTION_REPLY_REQUESTS: Record<Locale, ReplyRequest> = {
  es: {
    buttons: [
      { action: "csat_5", title: "5 · Excelente" },
      { action: "csat_4", title: "4 · Buena" },
      { action: "csat_3", title: "3 · Regular" },
      { action: "csat_2", title: "2 · Mala" },
      { action: "csat_1", title: "1 · Muy mala" },
    ],
    smsLine: "Envía solo el número.",
  },
  en: {
    buttons: [
      { action: "csat_5", title: "5 · Excellent" },
      { action: "csat_4", title: "4 · Good" },
      { action: "csat_3", title: "3 · Okay" },
      { action: "csat_2", title: "2 · Poor" },
      { action: "csat_1", title: "1 · Very poor" },
    ],
    smsLine: "Send just the number.",
  },
};

/** The reply request of a message of `type`, or null when the message asks for no answer. */
export function replyRequestOf(type: NotificationType, locale: Locale): ReplyRequest | null {
  if (type === "slot_offer") return OFFER_REPLY_REQUESTS[locale];
  if (type === "satisfaction_survey") return SATISFACTION_REPLY_REQUESTS[locale];
  return REPLY_REQUEST_TYPES.has(type) ? REPLY_REQUESTS[locale] : null;
}

/** The WhatsApp body Meta approves (and the SMS text before filling): the paragraphs on one line. */
export function bodyOf(definition: TemplateDefinition) {
  return definition.paragraphs.join(" ");
}

export function getTemplateDefinition(params: { type: NotificationType; variant: AppointmentVariant; locale: Locale }) {
  return TEMPLATE_DEFINITIONS[params.type][params.variant][params.locale];
}
