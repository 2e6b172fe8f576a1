import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { appointments } from "./appointments";
import { channelEnum, deliveryStatusEnum, localeEnum, type DeliverySubjectType, type DoctorTitle, type NotificationType } from "./enums";

/**
 * What a message was planned with beyond its subject, checked by its kind before a send: a link message's
 * URL (the token is stored nowhere else, only its hash), how many days it lasts, the doctor it names.
 */
export interface DeliveryPayload {
  linkUrl?: string;
  linkDays?: number;
  doctorName?: string;
  /** That doctor's title (Dr./Dra.), so the message can say "la Dra. López". */
  doctorTitle?: DoctorTitle;
  /** A visit message: the visit's start it names (ISO), which for a cancellation is the time the patient last heard of. */
  startsAt?: string;
  /** A campaign message: the campaign's booking link. */
  bookingUrl?: string;
}

/**
 * The outbox and the audit trail in one table (the UI calls it the message log).
 * One row = one message to one patient on one channel. Rows are never deleted.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    /** What the message is about; for a visit also in appointment_id/appointment_version (typed, with a foreign key). */
    subjectType: text().$type<DeliverySubjectType>().notNull(),
    subjectId: uuid().notNull(),
    /** The subject's version it was planned for (a visit's version: a moved visit's old reminders are stale). */
    subjectVersion: integer(),
    appointmentId: uuid().references(() => appointments.id),
    appointmentVersion: integer(),
    notificationType: text().$type<NotificationType>().notNull(),
    channel: channelEnum().notNull(),
    locale: localeEnum().notNull(),
    templateKey: text().notNull(),
    payload: jsonb().$type<DeliveryPayload>().notNull().default({}),
    /** The WhatsApp template values filled at send time ("1", "2", …), for the record; empty until sent. */
    variables: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** When the message was planned to go out (never moved: lateness is measured from here). */
    sendAt: timestamp({ withTimezone: true }).notNull(),
    /** When a driver should next try it: send_at at first, later after a retryable failure's back-off. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    status: deliveryStatusEnum().notNull().default("scheduled"),
    /** True when the outbox transport recorded the message instead of sending it. */
    simulated: boolean().notNull().default(false),
    providerMessageId: text(),
    errorCode: text(),
    errorMessage: text(),
    attempts: integer().notNull().default(0),
    lastAttemptAt: timestamp({ withTimezone: true }),
    /**
     * The claim (lib/notifications/engine/lease.ts): the worker holding a `sending` row and until when.
     * A live worker renews its leases; a row whose lease ran out is recovered by any worker.
     */
    leaseOwner: text(),
    leaseExpiresAt: timestamp({ withTimezone: true }),
    /**
     * Set when a send to the provider starts and cleared on a definite answer: while it is set the
     * provider may have accepted the message (crash, timeout, 502/503/504), so nobody sends again
     * before asking the provider (`findSent`) about messages since this time.
     */
    sendStartedAt: timestamp({ withTimezone: true }),
    /**
     * What went to the provider, recorded at send time (engine/record.ts): the text of the SMS, the
     * WhatsApp text as the patient reads it, or the email's plain-text body, and the email's subject.
     * The message log and the chart show these, so a later template change never rewrites the record.
     */
    sentBody: text(),
    sentSubject: text(),
    fallbackOfId: uuid().references((): AnyPgColumn => deliveries.id),
    idempotencyKey: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("deliveries_clinic_created_idx").on(t.clinicId, t.createdAt),
    index("deliveries_appointment_idx").on(t.appointmentId),
    index("deliveries_subject_idx").on(t.subjectType, t.subjectId),
    index("deliveries_provider_id_idx").on(t.providerMessageId),
    // The message log (lib/message-log/queries.ts, docs/benchmarks.md): one index per keyset sort and
    // per selective filter, the clinic first, each ending in (send_at, id) so the page is read in order.
    index("deliveries_log_time_idx").on(t.clinicId, t.sendAt, t.id),
    index("deliveries_log_status_idx").on(t.clinicId, t.status, t.sendAt, t.id),
    // The log's default view (what went out), newest first, without reading past the rows still to go.
    index("deliveries_log_sent_idx")
      .on(t.clinicId, t.sendAt, t.id)
      .where(sql`${t.status} not in ('scheduled', 'cancelled')`),
    index("deliveries_log_patient_idx").on(t.clinicId, t.patientId, t.sendAt, t.id),
    index("deliveries_log_attempts_idx").on(t.clinicId, t.attempts, t.sendAt, t.id),
    // The fallback chain, read downwards (a delivery's retries on other channels).
    index("deliveries_fallback_of_idx")
      .on(t.fallbackOfId)
      .where(sql`${t.fallbackOfId} is not null`),
  ],
);

/** Every status change of a delivery, with its time and the raw provider payload. */
export const deliveryEvents = pgTable(
  "delivery_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    status: deliveryStatusEnum().notNull(),
    errorCode: text(),
    /** "system", "twilio", "resend" … */
    source: text().notNull(),
    /** The provider's own id for this event (Resend's svix-id), so a redelivered webhook is recorded once. */
    providerEventId: text(),
    payload: jsonb(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("delivery_events_delivery_idx").on(t.deliveryId, t.occurredAt),
    uniqueIndex("delivery_events_provider_event_unique").on(t.source, t.providerEventId),
  ],
);

export type Delivery = typeof deliveries.$inferSelect;
export type DeliveryEvent = typeof deliveryEvents.$inferSelect;
