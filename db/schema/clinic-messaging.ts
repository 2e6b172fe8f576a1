import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";

/**
 * A clinic's WhatsApp and SMS sender (Settings → WhatsApp and SMS). No row, or mode "shared": Luna's
 * sender from the environment (TWILIO_*). Mode "own": the clinic's Twilio (sub)account, its Messaging
 * Service or From numbers, and the Content SIDs its WhatsApp Business account got approved per template
 * key. The auth token is stored only encrypted (lib/messaging/secrets.ts: AES-256-GCM) with its last four
 * characters beside it for the page; it never leaves the server again.
 */
export const clinicMessaging = pgTable(
  "clinic_messaging",
  {
    clinicId: uuid()
      .primaryKey()
      .references(() => clinics.id),
    mode: text({ enum: ["shared", "own"] })
      .notNull()
      .default("shared"),
    /** AC… of the clinic's account (or subaccount); webhooks are matched to the clinic by it. */
    accountSid: text(),
    /** "v1:" + base64url(iv | tag | ciphertext) of the auth token. */
    authTokenEncrypted: text(),
    authTokenLast4: text(),
    /** MG…: when set it sends both channels (its pool holds the WhatsApp and SMS senders). */
    messagingServiceSid: text(),
    /** E.164; used when there is no Messaging Service, and to match inbound messages to the clinic. */
    whatsappFrom: text(),
    smsFrom: text(),
    /** Template key (e.g. "reminder.in_person.es") → approved Content SID (HX…). */
    contentSids: jsonb()
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("clinic_messaging_mode", sql`${t.mode} in ('shared', 'own')`),
    index("clinic_messaging_account_sid").on(t.accountSid),
    // One sender belongs to one clinic: replies to it are that clinic's.
    uniqueIndex("clinic_messaging_service_unique")
      .on(t.messagingServiceSid)
      .where(sql`${t.messagingServiceSid} is not null`),
    uniqueIndex("clinic_messaging_whatsapp_from_unique")
      .on(t.whatsappFrom)
      .where(sql`${t.whatsappFrom} is not null`),
    uniqueIndex("clinic_messaging_sms_from_unique")
      .on(t.smsFrom)
      .where(sql`${t.smsFrom} is not null`),
  ],
);

export type ClinicMessaging = typeof clinicMessaging.$inferSelect;
