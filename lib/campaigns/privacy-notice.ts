import { CURRENT_PRIVACY_NOTICE_VERSION } from "@/db/schema/campaign-lists";

/**
 * Every version of the privacy notice (aviso de privacidad) a consent may have been given under: a
 * consent record keeps its version, and /{locale}/privacy/{version} shows that version's words for as
 * long as records cite it. A new version is a new entry (and new message keys), never an edit.
 */
export const PRIVACY_NOTICE_VERSIONS = {
  "2025-03": { effectiveOn: "2025-03-21", key: "v2025_03" },
} as const satisfies Record<string, { effectiveOn: string; key: string }>;

export type PrivacyNoticeVersion = keyof typeof PRIVACY_NOTICE_VERSIONS;

export const isPrivacyNoticeVersion = (v: string): v is PrivacyNoticeVersion => v in PRIVACY_NOTICE_VERSIONS;

/** The notice's public address, in a language (the intake form's checkbox and the chart link to it). */
export const privacyNoticePath = (locale: string, version: string = CURRENT_PRIVACY_NOTICE_VERSION) => `/${locale}/privacy/${version}`;
