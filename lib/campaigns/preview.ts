import type { Locale } from "@/db/schema";
import { campaignKind } from "@/lib/notifications/kinds/campaign";
import { CAMPAIGN_TEMPLATE_TYPES, type NotificationType } from "@/lib/notifications/registry";
import { renderMessage } from "@/lib/notifications/render-message";

const SAMPLE_FIRST_NAME: Record<Locale, string> = { es: "María", en: "Maria" };

/**
 * A campaign message as a patient reads it, in each language, with a sample first name (no patient's
 * data leaves for a preview). Null for a type that is not a campaign template.
 */
export async function previewCampaign(params: {
  templateType: string;
  bookingUrl: string;
  clinic: { name: string; timezone: string };
}): Promise<Record<Locale, string> | null> {
  if (!(CAMPAIGN_TEMPLATE_TYPES as readonly string[]).includes(params.templateType)) return null;
  const type = params.templateType as NotificationType;
  const parsed = campaignKind.payloadSchema.safeParse(params.bookingUrl ? { bookingUrl: params.bookingUrl } : {});
  const payload = parsed.success ? parsed.data : {};
  const now = new Date();
  const out = {} as Record<Locale, string>;
  for (const locale of ["es", "en"] as const) {
    const { vars } = campaignKind.templateValues({
      subject: { campaignStatus: "draft", consentedChannels: [] },
      payload,
      patient: { firstName: SAMPLE_FIRST_NAME[locale] },
      clinic: params.clinic,
      locale,
      now,
    });
    out[locale] = (await renderMessage({ type, variant: "in_person", locale, vars, withEmail: false })).text;
  }
  return out;
}
