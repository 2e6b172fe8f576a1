import type { Locale } from "@/db/schema";
import { formatAppointmentTime } from "./format-appointment-time";
import { type AppointmentVariant, type NotificationType, templateKey } from "./registry";
import { buildMapsLink } from "@/lib/clinics/maps-link";
import { emailFooter, emailSubject, LINK_BUTTON_LABEL, PLACE_LABELS, VIDEO_BUTTON_LABEL } from "./templates/email-copy";
import { renderAppointmentEmail } from "./templates/email";
import { fillPlaceholders } from "./templates/fill-placeholders";
import { bodyOf, getTemplateDefinition, PLACE_TYPES, replyRequestOf, type TemplateVariable } from "./templates/definitions";
import { sanitizeVariable } from "./templates/sanitize-variable";

/**
 * What a message may say about a patient and a visit.
 *
 * PRIVACY CONTRACT — the caller passes exactly these fields and nothing derived from anything else:
 * - `firstName` is the patient's first-name field as staff typed it ("María José" stays "María José").
 *   Never pass a full name, a last name, or a name to be split here: this function does not parse names,
 *   so whatever arrives is printed.
 * - `doctorName` is the doctor's display name ("Dr. García"), `clinicName` the clinic's name.
 * - Nothing about the reason for the visit, a diagnosis, a test, a medication or an internal note ever
 *   enters this object; only the fields below are read, so extra properties on the object are ignored.
 */
export interface MessageVars {
  firstName: string;
  doctorName: string;
  clinicName: string;
  startsAt: Date;
  /** The clinic's IANA zone: times are shown on the clinic's wall clock. */
  timeZone: string;
  /** Decides "today"/"tomorrow"; pass the send time. */
  now: Date;
  /** Required by the video templates that give the join link. */
  videoUrl?: string | null;
  /** Patient-link messages (trigger "link"): the /l/<token> URL, never a presigned file URL. */
  linkUrl?: string | null;
  /** …and the days it stays valid. */
  linkDays?: number | null;
  /**
   * Payment messages: the amount still owed as formatMoney writes it in the message's language
   * ("$850.00 MXN"). Only the amount: never the charge's concept.
   */
  amount?: string | null;
  /**
   * The visit a reply to this message answers (its appointment id). The messages that ask the patient to
   * confirm or cancel (REPLY_REQUEST_TYPES) must have it when sent: their approved WhatsApp template's
   * buttons carry it (the appointment kind always passes it).
   */
  replyTo?: string | null;
  /** The clinic's street address: an in-person visit's email (PLACE_TYPES) gives it with a maps link. */
  clinicAddress?: string | null;
  /** Campaign messages: where to book (the campaign's booking link, or the clinic's name). */
  bookingPlace?: string | null;
}

/** A WhatsApp quick-reply button as the patient sees it and as the tap comes back (`ButtonPayload` = id). */
export interface ReplyButton {
  id: string;
  title: string;
}

export interface RenderedMessage {
  templateKey: string;
  /** The SMS body, and the WhatsApp text as the patient reads it. */
  text: string;
  /**
   * The WhatsApp template variables, keyed "1", "2", … in the template's order; every value non-empty.
   * A message that asks for a reply has one more, after the body's: the visit id its buttons' ids carry.
   */
  contentVariables: Record<string, string>;
  /** The SMS body: `text`, plus, for a message that asks for a reply, the line saying what to answer. */
  smsText: string;
  /** WhatsApp quick replies under the text (none for a message that asks nothing). */
  buttons: ReplyButton[];
  email: { subject: string; html: string; text: string };
}

/** The message without its email (React Email costs ~15 ms a message; WhatsApp and SMS never need it). */
export type RenderedText = Omit<RenderedMessage, "email">;

interface RenderParams {
  type: NotificationType;
  variant: AppointmentVariant;
  locale: Locale;
  vars: MessageVars;
  /** Include the email (default true: previews show every channel). Dispatch asks only for its channel. */
  withEmail?: boolean;
}

/** Renders one appointment message for every channel from the single template of type × variant × locale. */
export async function renderMessage(params: RenderParams & { withEmail: false }): Promise<RenderedText>;
export async function renderMessage(params: RenderParams & { withEmail?: true }): Promise<RenderedMessage>;
export async function renderMessage(params: RenderParams): Promise<RenderedText | RenderedMessage>;
export async function renderMessage(params: RenderParams): Promise<RenderedText | RenderedMessage> {
  const { type, variant, locale, vars } = params;
  const key = templateKey(type, variant, locale);
  const definition = getTemplateDefinition({ type, variant, locale });

  const needsVideoUrl = definition.variables.includes("videoUrl");
  if (needsVideoUrl && sanitizeVariable(vars.videoUrl) === "-") {
    throw new Error(`renderMessage: template ${key} needs vars.videoUrl (the video visit's join link) and got none`);
  }

  const needsLinkUrl = definition.variables.includes("linkUrl");
  if (needsLinkUrl && (sanitizeVariable(vars.linkUrl) === "-" || !(Number(vars.linkDays) > 0))) {
    throw new Error(`renderMessage: template ${key} needs vars.linkUrl (the patient link) and vars.linkDays`);
  }

  if (definition.variables.includes("amount") && sanitizeVariable(vars.amount) === "-") {
    throw new Error(`renderMessage: template ${key} needs vars.amount (the balance owed)`);
  }

  const replyRequest = replyRequestOf(type, locale);
  const phrases = formatAppointmentTime({ startsAt: vars.startsAt, now: vars.now, timeZone: vars.timeZone, locale });
  const valueOf: Record<TemplateVariable, string> = {
    firstName: sanitizeVariable(vars.firstName),
    doctorName: sanitizeVariable(vars.doctorName),
    clinicName: sanitizeVariable(vars.clinicName),
    dayPhrase: sanitizeVariable(phrases.dayPhrase),
    dateTime: sanitizeVariable(phrases.dateTime),
    time: sanitizeVariable(phrases.time),
    timeWithArticle: sanitizeVariable(phrases.timeWithArticle),
    date: sanitizeVariable(phrases.date),
    videoUrl: sanitizeVariable(vars.videoUrl),
    linkUrl: sanitizeVariable(vars.linkUrl),
    linkDays: sanitizeVariable(vars.linkDays === null || vars.linkDays === undefined ? "" : String(vars.linkDays)),
    amount: sanitizeVariable(vars.amount),
    bookingPlace: sanitizeVariable(vars.bookingPlace ?? vars.clinicName),
  };
  const values = definition.variables.map((name) => valueOf[name]);
  const contentVariables = Object.fromEntries(values.map((value, index) => [String(index + 1), value]));
  // The buttons name the visit: without its id (a text rebuilt for display) there are none to show.
  const replyTo = replyRequest && vars.replyTo ? sanitizeVariable(vars.replyTo) : null;
  if (replyTo) contentVariables[String(values.length + 1)] = replyTo;
  const buttons: ReplyButton[] =
    replyRequest && replyTo ? replyRequest.buttons.map((button) => ({ id: `${button.action}:${replyTo}`, title: button.title })) : [];
  const paragraphs = definition.paragraphs.map((paragraph) => fillPlaceholders({ body: paragraph, values }));

  const text = fillPlaceholders({ body: bodyOf(definition), values });
  const smsText = replyRequest ? `${text} ${replyRequest.smsLine}` : text;
  if (params.withEmail === false) return { templateKey: key, text, contentVariables, smsText, buttons };

  const subject = emailSubject({ type, locale, clinicName: valueOf.clinicName });
  const email = await renderAppointmentEmail({
    locale,
    clinicName: valueOf.clinicName,
    paragraphs,
    videoButton: needsVideoUrl
      ? { url: valueOf.videoUrl, label: VIDEO_BUTTON_LABEL[locale] }
      : needsLinkUrl
        ? { url: valueOf.linkUrl, label: LINK_BUTTON_LABEL[locale] }
        : undefined,
    place: placeOf({ type, variant, locale, address: vars.clinicAddress }),
    footer: emailFooter({ locale, clinicName: valueOf.clinicName }),
    preview: subject,
    subject,
  });

  return {
    templateKey: key,
    text,
    contentVariables,
    smsText,
    buttons,
    email: { subject, ...email },
  };
}

/** Where an in-person visit is, for its email: the address and a maps link, or nothing. */
function placeOf(params: { type: NotificationType; variant: AppointmentVariant; locale: Locale; address?: string | null }) {
  if (params.variant !== "in_person" || !PLACE_TYPES.has(params.type)) return undefined;
  const address = params.address?.replace(/\s+/g, " ").trim();
  const mapsUrl = buildMapsLink(address);
  if (!address || !mapsUrl) return undefined;
  return { address, mapsUrl, ...PLACE_LABELS[params.locale] };
}
