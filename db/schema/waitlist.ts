import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { appointments } from "./appointments";
import { clinics } from "./clinics";
import { appointmentKindEnum } from "./enums";
import { patients } from "./patients";
import { users } from "./users";

/** Where a patient stands on the waitlist: waiting, booked from an offer, or taken off by staff / expired. */
export const waitlistEntryStatusEnum = pgEnum("waitlist_entry_status", ["waiting", "booked", "removed"]);
/** A freed slot being offered: open (waves going out), filled (booked from an offer), closed (nobody took it, or staff booked it). */
export const slotOfferStatusEnum = pgEnum("slot_offer_status", ["open", "filled", "closed"]);
/** One patient's part in a slot offer. */
export const slotOfferRecipientStatusEnum = pgEnum("slot_offer_recipient_status", [
  "offered", // the message was planned; the hold runs until expires_at
  "accepted", // this patient got the slot
  "declined",
  "expired", // the hold ran out without an answer
  "too_late", // accepted after someone else (or staff) took the slot, or after the hold
]);

/** A patient waiting for an earlier or any slot: with a doctor (or any), a visit kind (or any), preferred days and hours. */
export const waitlistEntries = pgTable(
  "waitlist_entries",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    /** Null: any doctor of the clinic. */
    doctorId: uuid().references(() => users.id),
    /** Null: in person or video. */
    kind: appointmentKindEnum(),
    /** Preferred weekdays on the clinic's clock (0 = Sunday … 6 = Saturday); empty: any day. */
    weekdays: integer()
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    /** Preferred window on the clinic's clock, minutes after midnight; null: any time. */
    fromMinute: integer(),
    toMinute: integer(),
    /** Visit length the patient needs (the slot must be at least this long). */
    durationMinutes: integer().notNull().default(30),
    /** The last day (clinic's calendar) the entry is good for; null: until removed. */
    expiresOn: date({ mode: "string" }),
    notes: text(),
    status: waitlistEntryStatusEnum().notNull().default("waiting"),
    bookedAppointmentId: uuid().references(() => appointments.id),
    createdByUserId: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("waitlist_entries_clinic_status_idx").on(t.clinicId, t.status, t.createdAt),
    index("waitlist_entries_patient_idx").on(t.patientId),
    check(
      "waitlist_entries_window",
      sql`(${t.fromMinute} IS NULL) = (${t.toMinute} IS NULL) AND (${t.fromMinute} IS NULL OR ${t.fromMinute} < ${t.toMinute})`,
    ),
    check("waitlist_entries_duration", sql`${t.durationMinutes} > 0`),
  ],
);

/** A clinic's waitlist rules (a clinic without a row uses the defaults in lib/waitlist/settings.ts). */
export const waitlistSettings = pgTable("waitlist_settings", {
  clinicId: uuid()
    .primaryKey()
    .references(() => clinics.id),
  /** Offer freed slots as soon as they free (else only when staff press "offer"). */
  autoOffer: boolean().notNull().default(true),
  waveSize: integer().notNull().default(3),
  holdMinutes: integer().notNull().default(15),
  /** A slot starting sooner than this after it frees is not offered. */
  minLeadMinutes: integer().notNull().default(120),
  /** A patient who accepts a slot earlier than a visit they already have with that doctor: the later visit is cancelled (moved), else kept. */
  acceptMovesLaterVisit: boolean().notNull().default(true),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A freed slot offered to waitlisted patients, in waves. */
export const slotOffers = pgTable(
  "slot_offers",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    doctorId: uuid()
      .notNull()
      .references(() => users.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    kind: appointmentKindEnum().notNull(),
    videoUrl: text(),
    /** The visit whose cancellation or move freed the slot. */
    freedAppointmentId: uuid().references(() => appointments.id),
    freedAt: timestamp({ withTimezone: true }).notNull(),
    status: slotOfferStatusEnum().notNull().default("open"),
    /** Waves sent so far. */
    wave: integer().notNull().default(0),
    /** Quiet hours held the next wave until then. */
    heldUntil: timestamp({ withTimezone: true }),
    bookedAppointmentId: uuid().references(() => appointments.id),
    filledAt: timestamp({ withTimezone: true }),
    closedReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("slot_offers_clinic_status_idx").on(t.clinicId, t.status),
    // One live offer per doctor and start: a second cancellation of the same slot joins it.
    uniqueIndex("slot_offers_one_open_per_slot")
      .on(t.clinicId, t.doctorId, t.startsAt)
      .where(sql`${t.status} = 'open'`),
    // A slot is filled by one booking.
    uniqueIndex("slot_offers_booked_unique").on(t.bookedAppointmentId),
  ],
);

/** One patient offered one slot (the subject of the slot_offer message). */
export const slotOfferRecipients = pgTable(
  "slot_offer_recipients",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    offerId: uuid()
      .notNull()
      .references(() => slotOffers.id),
    entryId: uuid()
      .notNull()
      .references(() => waitlistEntries.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    wave: integer().notNull(),
    status: slotOfferRecipientStatusEnum().notNull().default("offered"),
    offeredAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    respondedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("slot_offer_recipients_once").on(t.offerId, t.entryId),
    // A patient has at most one open offer at a time.
    uniqueIndex("slot_offer_recipients_one_open_per_patient")
      .on(t.patientId)
      .where(sql`${t.status} = 'offered'`),
    // Exactly one acceptance per offer.
    uniqueIndex("slot_offer_recipients_one_accepted")
      .on(t.offerId)
      .where(sql`${t.status} = 'accepted'`),
    index("slot_offer_recipients_offer_idx").on(t.offerId),
  ],
);

export type WaitlistEntry = typeof waitlistEntries.$inferSelect;
export type SlotOffer = typeof slotOffers.$inferSelect;
export type SlotOfferRecipient = typeof slotOfferRecipients.$inferSelect;
