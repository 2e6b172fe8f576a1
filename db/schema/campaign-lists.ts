/** Plain lists (no drizzle) that client code may import; campaigns.ts builds its columns on them. */

/** What a consent is for. Reminders and other transactional messages never read it. */
export const CONSENT_PURPOSES = ["marketing"] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** How a marketing consent was given or taken back. */
export const CONSENT_SOURCES = ["staff", "intake_form", "patient_reply", "unsubscribe_link", "provider"] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** The privacy notice (aviso de privacidad) the consent was given under; bump when the notice changes. */
export const CURRENT_PRIVACY_NOTICE_VERSION = "2025-03";

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "done", "cancelled", "paused"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Why a patient of the segment does not receive a campaign (first that applies, in this order). */
export const EXCLUSION_REASONS = ["no_consent", "opted_out", "no_usable_channel", "recently_contacted"] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];
