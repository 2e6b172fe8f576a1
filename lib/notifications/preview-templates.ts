import type { Locale } from "@/db/schema";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { zonedCalendarDatePlusDays, zonedDateTime } from "@/lib/dates";
import { formatAppointmentTime } from "./format-appointment-time";
import { renderMessage } from "./render-message";
import { SAMPLE_REPLY_TO } from "./templates/catalog";
import { linkUrl, DEFAULT_LINK_TTL_DAYS } from "@/lib/links/secure-links";
import type { DoctorTitle } from "@/db/schema";
import { NOTIFICATION_REGISTRY, type AppointmentVariant, type NotificationType } from "./registry";

/** The sample patient of every preview: a first name only, as templates get. */
export const SAMPLE_FIRST_NAME: Record<Locale, string> = { es: "María", en: "Maria" };
export const SAMPLE_DOCTOR_NAME = "Dr. García";
/** The sample doctor's title: previews name them as messages do ("el Dr. García"). */
export const SAMPLE_DOCTOR_TITLE = "dr" as const;
const SAMPLE_ROOM = "luna-4821";
/** The sample link's token (never a real one: 16 bytes of zeros, base64url). */
const SAMPLE_LINK_TOKEN = "AAAAAAAAAAAAAAAAAAAAAA";
const FALLBACK_VIDEO_BASE = "https://meet.example.com";

export interface TemplatePreview {
  locale: Locale;
  variant: AppointmentVariant;
  templateKey: string;
  /** When this message would go out for the sample visit (reminders: the lead before the visit). */
  sendAt: string;
  /** What WhatsApp shows. */
  text: string;
  /** What the SMS says: the same words, plus what to answer when the message asks for a reply. */
  smsText: string;
  /** The WhatsApp quick-reply buttons' labels (none when the message asks nothing). */
  buttons: string[];
  email: { subject: string; html: string };
}

export interface TemplatePreviews {
  /** The sample visit: three days from now at 10:00 on the clinic's wall clock. */
  startsAt: string;
  /** "viernes 28 de noviembre, 10:00 a.m." and "Friday, November 28 at 10:00 AM". */
  sampleDate: Record<Locale, string>;
  firstName: Record<Locale, string>;
  /** The sample doctor as messages name them ("el Dr. García" / "Dr. García"). */
  doctorName: Record<Locale, string>;
  /** The variants this type's templates have (a link message reads the same for any visit: one). */
  variants: AppointmentVariant[];
  previews: TemplatePreview[];
}

/** When the message of `type` goes out for a visit at `startsAt` (the same rule the planner uses). */
export function sampleSendAt(params: { type: NotificationType; startsAt: Date; now: Date; reminderLeadHours: number }): Date {
  const timing = NOTIFICATION_REGISTRY[params.type].timing;
  if (timing.kind === "clinic_reminder_lead") return new Date(params.startsAt.getTime() - params.reminderLeadHours * 3_600_000);
  if (timing.kind === "before_start") return new Date(params.startsAt.getTime() - timing.minutes * 60_000);
  return params.now;
}

/** The sample visit: three calendar days after `now` in the clinic's zone, at 10:00 there. */
export function sampleVisitStart(params: { now: Date; timeZone: string }): Date {
  const day = zonedCalendarDatePlusDays(params.now, params.timeZone, 3);
  return zonedDateTime(params.timeZone, { ...day, hour: 10 });
}

/** The join link of the sample video visit: under the clinic's own video room base URL when it has one. */
export function sampleVideoUrl(videoRoomBaseUrl: string | null | undefined) {
  return `${(videoRoomBaseUrl || FALLBACK_VIDEO_BASE).replace(/\/+$/, "")}/${SAMPLE_ROOM}`;
}

/**
 * What a patient receives for `type`, in Spanish and English, in person and by video, rendered by
 * `renderMessage` — the function dispatch sends with — for a sample visit in the clinic's zone and at
 * the moment the message would go out (so a 24 h reminder says "mañana", as the real one does).
 */
export async function renderTemplatePreviews(params: {
  type: NotificationType;
  clinic: { name: string; timezone: string; reminderLeadHours: number; videoRoomBaseUrl?: string | null; address?: string | null };
  /** One of the clinic's doctors, as the sample (else "Dr. García"). */
  doctor?: { name: string; title: DoctorTitle | null } | null;
  now: Date;
}): Promise<TemplatePreviews> {
  const { type, clinic, now } = params;
  const doctor = params.doctor ?? { name: SAMPLE_DOCTOR_NAME, title: SAMPLE_DOCTOR_TITLE };
  const variants = [...NOTIFICATION_REGISTRY[type].kind.templateVariants];
  // A patient-link message (lab results, a prescription, a form, care instructions) carries its link.
  const carriesLink = NOTIFICATION_REGISTRY[type].kind.subjectType === "secure_link";
  const startsAt = sampleVisitStart({ now, timeZone: clinic.timezone });
  const sendAt = sampleSendAt({ type, startsAt, now, reminderLeadHours: clinic.reminderLeadHours });
  const locales = ["es", "en"] as const;
  const previews = await Promise.all(
    locales.flatMap((locale) =>
      variants.map(async (variant): Promise<TemplatePreview> => {
        const rendered = await renderMessage({
          type,
          variant,
          locale,
          vars: {
            firstName: SAMPLE_FIRST_NAME[locale],
            doctorName: doctorPhrase(doctor, locale),
            clinicName: clinic.name,
            startsAt,
            timeZone: clinic.timezone,
            now: sendAt,
            videoUrl: variant === "video" ? sampleVideoUrl(clinic.videoRoomBaseUrl) : undefined,
            // The same sample visit id Meta's review sees (docs/whatsapp-templates.md).
            replyTo: SAMPLE_REPLY_TO,
            clinicAddress: clinic.address,
            ...(carriesLink ? { linkUrl: linkUrl(SAMPLE_LINK_TOKEN), linkDays: DEFAULT_LINK_TTL_DAYS } : {}),
          },
        });
        return {
          locale,
          variant,
          templateKey: rendered.templateKey,
          sendAt: sendAt.toISOString(),
          text: rendered.text,
          smsText: rendered.smsText,
          buttons: rendered.buttons.map((button) => button.title),
          email: { subject: rendered.email.subject, html: rendered.email.html },
        };
      }),
    ),
  );
  const dateOf = (locale: Locale) => formatAppointmentTime({ startsAt, now, timeZone: clinic.timezone, locale }).dateTime;
  return {
    startsAt: startsAt.toISOString(),
    sampleDate: { es: dateOf("es"), en: dateOf("en") },
    firstName: SAMPLE_FIRST_NAME,
    doctorName: { es: doctorPhrase(doctor, "es"), en: doctorPhrase(doctor, "en") },
    variants,
    previews,
  };
}
