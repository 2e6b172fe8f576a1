import type { Locale } from "@/db/schema";
import { formatMoney } from "@/lib/payments/money";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { formatAppointmentTime } from "../format-appointment-time";
import { type AppointmentVariant, NOTIFICATION_REGISTRY, NOTIFICATION_TYPES, type NotificationType, templateKey } from "../registry";
import { bodyOf, getTemplateDefinition, replyRequestOf, type TemplateVariable } from "./definitions";

export const MESSAGE_LOCALES = ["es", "en"] as const satisfies readonly Locale[];

/** One WhatsApp template as submitted to Meta (through Twilio's Content API). */
export interface CatalogTemplate {
  key: string;
  type: NotificationType;
  variant: AppointmentVariant;
  locale: Locale;
  /** Meta's category name. */
  category: "UTILITY" | "MARKETING";
  /** The exact body, with `{{1}}…{{n}}`. */
  body: string;
  /** What fills `{{1}}`, `{{2}}`, … in order. */
  variables: TemplateVariable[];
  /**
   * Quick-reply buttons (`twilio/quick-reply`) for a message that asks the patient to confirm or cancel:
   * each id is `<action>:{{n}}`, n being the placeholder after the body's (the visit's id at send time).
   */
  buttons: { id: string; title: string }[];
}

/** A sample visit id for Meta's review of the buttons' ids. */
export const SAMPLE_REPLY_TO = "3f1c9a52-7d4e-4b8a-9c1e-2a6b5d8e0f47";

/** Every template: each notification type × appointment variant × locale. */
export function listTemplates(): CatalogTemplate[] {
  return NOTIFICATION_TYPES.flatMap((type) =>
    // Each kind says which variants its templates have: a reply to STOP/START reads the same for both
    // variants and is listed (and submitted to Meta) once.
    NOTIFICATION_REGISTRY[type].kind.templateVariants.flatMap((variant) =>
      MESSAGE_LOCALES.map((locale) => {
        const definition = getTemplateDefinition({ type, variant, locale });
        return {
          key: templateKey(type, variant, locale),
          type,
          variant,
          locale,
          category: NOTIFICATION_REGISTRY[type].category === "marketing" ? ("MARKETING" as const) : ("UTILITY" as const),
          body: bodyOf(definition),
          variables: [...definition.variables],
          buttons: (replyRequestOf(type, locale)?.buttons ?? []).map((button) => ({
            id: `${button.action}:{{${definition.variables.length + 1}}}`,
            title: button.title,
          })),
        };
      }),
    ),
  );
}

/**
 * Sample values for Meta's review (Twilio asks for one per variable): a visit on Tuesday 17 March 2026 at
 * 10:00 in Mexico City, seen from the day before.
 */
export function sampleVariables(locale: Locale): Record<TemplateVariable, string> {
  const phrases = formatAppointmentTime({
    startsAt: new Date("2026-03-17T16:00:00Z"),
    now: new Date("2026-03-16T16:00:00Z"),
    timeZone: "America/Mexico_City",
    locale,
  });
  return {
    firstName: locale === "es" ? "María" : "Maria",
    doctorName: doctorPhrase({ name: "García", title: "dr" }, locale),
    clinicName: "Clínica Luna",
    videoUrl: "https://meet.example.com/luna-4821",
    linkUrl: "https://luna.example.mx/l/q3Zk8LwP0aYtV2xN9cRf4A",
    linkDays: "7",
    amount: formatMoney({ amountMinor: 85_000, currency: "MXN", locale }),
    bookingPlace: "https://clinicaluna.example.mx/citas",
    ...phrases,
  };
}
