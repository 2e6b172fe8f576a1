import { index, integer, jsonb, pgTable, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { users } from "./users";
import { channelEnum, type NotificationType } from "./enums";
import type { CampaignStatus, ConsentPurpose, ConsentSource } from "./campaign-lists";

export * from "./campaign-lists";

/**
 * A patient's consent to one purpose (marketing) on one channel, as it stands now: granted or revoked,
 * when, how and by whom, under which privacy-notice version. Off by default (no row = no consent).
 * Transactional messages (reminders, confirmations) never read it.
 */
export const marketingConsents = pgTable(
  "marketing_consents",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    channel: channelEnum().notNull(),
    purpose: text().$type<ConsentPurpose>().notNull().default("marketing"),
    /** Set while granted; null once revoked. */
    grantedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    source: text().$type<ConsentSource>().notNull(),
    /** The staff member who recorded it (null when the patient did: form, reply, link). */
    actorUserId: uuid().references(() => users.id),
    noticeVersion: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("marketing_consents_patient_channel_unique").on(t.clinicId, t.patientId, t.channel, t.purpose)],
);

/** Every grant and revocation, append-only: the evidence behind marketing_consents. */
export const marketingConsentEvents = pgTable(
  "marketing_consent_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    channel: channelEnum().notNull(),
    purpose: text().$type<ConsentPurpose>().notNull().default("marketing"),
    granted: text().$type<"granted" | "revoked">().notNull(),
    source: text().$type<ConsentSource>().notNull(),
    actorUserId: uuid().references(() => users.id),
    noticeVersion: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("marketing_consent_events_patient_idx").on(t.clinicId, t.patientId, t.occurredAt)],
);

/** The segment a campaign is sent to: visits and demographics only, never diagnoses or notes. */
export interface SegmentDefinition {
  /** The last past visit was before / on or after this date (YYYY-MM-DD, clinic's zone). */
  lastVisitBefore?: string;
  lastVisitAfter?: string;
  /** No visit in the last N months (never visited counts). */
  noVisitMonths?: number;
  /** Saw this doctor at least once. */
  doctorId?: string;
  visitKind?: "in_person" | "video";
  ageMin?: number;
  ageMax?: number;
  locale?: "es" | "en";
  /** true: only patients with a visit booked ahead; false: only those without. */
  hasUpcomingVisit?: boolean;
  /** Only the patients of a pasted list (phones/emails matched to the clinic's own patients at creation). */
  patientIds?: string[];
}

/** A health campaign: one marketing template to a segment, fanned out as deliveries. */
export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    name: text().notNull(),
    /** The campaign template (a registry type of category "marketing"). */
    templateType: text().$type<NotificationType>().notNull(),
    bookingUrl: text(),
    segment: jsonb().$type<SegmentDefinition>().notNull(),
    status: text().$type<CampaignStatus>().notNull().default("draft"),
    /** When it goes out (now, or later); null while a draft. */
    scheduledAt: timestamp({ withTimezone: true }),
    launchedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    /** Set while paused: its pending messages are held (not lost) until resumed. */
    pausedAt: timestamp({ withTimezone: true }),
    /** The send window on the clinic's clock, minutes after midnight (10:00–19:00 by default). */
    sendWindowStartMinute: smallint().notNull().default(600),
    sendWindowEndMinute: smallint().notNull().default(1140),
    /** At most this many recipients a day (Meta's portfolio tier: 250 / 2,000 / 10,000 unique users a day). */
    dailyCap: integer().notNull().default(250),
    /** A patient gets at most one campaign message in this many days, across campaigns. */
    patientCapDays: smallint().notNull().default(7),
    /** The price of one delivered message, in the clinic's currency's minor units (the cost estimate). */
    pricePerMessageCents: integer().notNull().default(0),
    createdByUserId: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaigns_clinic_created_idx").on(t.clinicId, t.createdAt)],
);

/**
 * The audience frozen at launch: one row per patient, the channel chosen then. A campaign delivery's
 * subject is its recipient row (subject_type "campaign_recipient").
 */
export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    channel: channelEnum().notNull(),
    /** When the plan sends to this recipient (the daily cap spreads a big campaign over days). */
    sendAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("campaign_recipients_campaign_patient_unique").on(t.campaignId, t.patientId),
    // "Contacted by a campaign in the last 7 days".
    index("campaign_recipients_patient_idx").on(t.clinicId, t.patientId, t.createdAt),
  ],
);

export type MarketingConsent = typeof marketingConsents.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
