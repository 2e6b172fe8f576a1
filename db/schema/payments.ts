import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { appointments } from "./appointments";
import { clinics } from "./clinics";
import { patients } from "./patients";
import { secureLinks } from "./secure-links";
import { users } from "./users";

import { CURRENCIES, DESK_PAYMENT_METHODS, PAYMENT_METHODS } from "./payment-lists";

export { CURRENCIES, DESK_PAYMENT_METHODS, PAYMENT_METHODS };
export type { Currency, DeskPaymentMethod, PaymentMethod } from "./payment-lists";

/** The currencies a charge may be in (ISO 4217). Amounts are integer minor units (centavos, cents). */
export const currencyEnum = pgEnum("currency", CURRENCIES);

export const chargeStatusEnum = pgEnum("charge_status", ["open", "void"]);
/** How a payment was (or is being) made: online through the provider, or at the clinic's desk. */
export const paymentMethodEnum = pgEnum("payment_method", PAYMENT_METHODS);
/**
 * A payment's state. It only moves forward (lib/payments/payment-status.ts): requested (a checkout was
 * opened) → pending (OXXO voucher issued, SPEI transfer awaited) → paid | failed | expired; paid → refunded.
 */
export const PAYMENT_STATUSES = ["requested", "pending", "paid", "failed", "expired", "refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const paymentStatusEnum = pgEnum("payment_status", PAYMENT_STATUSES);
/** Who processed it: Stripe, the local simulated checkout (no keys), or the clinic's desk. */
export const paymentProviderEnum = pgEnum("payment_provider", ["stripe", "simulated", "desk"]);

/**
 * What a patient owes for a visit: a concept (staff-facing; never shown to the patient or sent to the
 * provider, it may name a test), an amount and a currency. What is still owed is computed from the
 * payments (lib/payments/balances.ts), never stored here.
 */
export const charges = pgTable(
  "charges",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    appointmentId: uuid()
      .notNull()
      .references(() => appointments.id),
    concept: text().notNull(),
    amountMinor: integer().notNull(),
    currency: currencyEnum().notNull(),
    /** The clinic's calendar day the charge is due (no time, no zone). */
    dueDate: date({ mode: "string" }),
    status: chargeStatusEnum().notNull().default("open"),
    voidedAt: timestamp({ withTimezone: true }),
    voidedById: uuid().references(() => users.id),
    voidReason: text(),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("charges_clinic_status_due_idx").on(t.clinicId, t.status, t.dueDate),
    index("charges_clinic_patient_idx").on(t.clinicId, t.patientId),
    index("charges_appointment_idx").on(t.appointmentId),
    check("charges_amount_positive", sql`${t.amountMinor} > 0`),
    check("charges_void_consistent", sql`(${t.status} = 'void') = (${t.voidedAt} IS NOT NULL)`),
  ],
);

/**
 * One attempt to pay a charge: a checkout the patient opened (one row per Checkout Session) or money
 * taken at the desk (paid at once, with who took it). Only paid (less refunded) amounts count toward the
 * balance.
 */
export const payments = pgTable(
  "payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    chargeId: uuid()
      .notNull()
      .references(() => charges.id),
    provider: paymentProviderEnum().notNull(),
    /** Unknown for an online checkout until the patient chooses (card, OXXO or SPEI). */
    method: paymentMethodEnum(),
    amountMinor: integer().notNull(),
    currency: currencyEnum().notNull(),
    /** What the provider has given back since (charge.refunded); the balance counts amount − refunded. */
    refundedMinor: integer().notNull().default(0),
    status: paymentStatusEnum().notNull(),
    /** The patient link it was opened from (online payments). */
    secureLinkId: uuid().references(() => secureLinks.id),
    /** Stripe: the Checkout Session (cs_…) and, once known, its PaymentIntent (pi_…). */
    checkoutSessionId: text(),
    checkoutUrl: text(),
    checkoutExpiresAt: timestamp({ withTimezone: true }),
    paymentIntentId: text(),
    /** The connected account the session was created on (acct_…), checked against every event. */
    providerAccountId: text(),
    /** OXXO voucher / SPEI instructions page while pending (Stripe's hosted page). */
    pendingInstructionsUrl: text(),
    /** OXXO: the voucher's number; SPEI: the transfer's reference (from the PaymentIntent's next_action). */
    pendingReference: text(),
    /** SPEI: the CLABE the patient transfers to. */
    pendingClabe: text(),
    /** OXXO: when the voucher stops being payable. */
    pendingExpiresAt: timestamp({ withTimezone: true }),
    /** Desk payments: who took the money. */
    takenById: uuid().references(() => users.id),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp({ withTimezone: true }),
    failedAt: timestamp({ withTimezone: true }),
    refundedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("payments_clinic_charge_idx").on(t.clinicId, t.chargeId),
    uniqueIndex("payments_checkout_session_unique").on(t.checkoutSessionId),
    index("payments_payment_intent_idx").on(t.paymentIntentId),
    check("payments_amount_positive", sql`${t.amountMinor} > 0`),
    check("payments_refund_within_amount", sql`${t.refundedMinor} >= 0 AND ${t.refundedMinor} <= ${t.amountMinor}`),
    check("payments_desk_has_taker", sql`${t.provider} <> 'desk' OR ${t.takenById} IS NOT NULL`),
  ],
);

/**
 * The history of a charge as staff read it: created, link shared, checkout opened, pending, paid, failed,
 * expired, refunded, voided. Append-only; ids and amounts, never the patient's details.
 */
export const paymentEvents = pgTable(
  "payment_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    chargeId: uuid()
      .notNull()
      .references(() => charges.id),
    paymentId: uuid().references(() => payments.id),
    /** e.g. "charge.created", "link.shared", "checkout.opened", "payment.paid" (lib/payments/history.ts). */
    type: text().notNull(),
    /** staff (actorUserId), patient (on the link page) or provider (a webhook). */
    source: text().$type<"staff" | "patient" | "provider">().notNull(),
    actorUserId: uuid().references(() => users.id),
    /** The provider event that caused it (evt_…), for a webhook. */
    providerEventId: text(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("payment_events_clinic_charge_idx").on(t.clinicId, t.chargeId, t.createdAt)],
);

/**
 * Webhook events already handled, by provider and event id: a redelivered event is answered 200 and
 * changes nothing.
 */
export const providerEvents = pgTable(
  "provider_events",
  {
    provider: text().notNull(),
    eventId: text().notNull(),
    type: text().notNull(),
    accountId: text(),
    /** What Luna made of it: applied, ignored_unknown_account, ignored_unknown_session, ignored_stale … */
    outcome: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

/** A clinic's account at the payment provider (Stripe Connect: the connected account, acct_…). */
export const paymentAccounts = pgTable(
  "payment_accounts",
  {
    clinicId: uuid()
      .primaryKey()
      .references(() => clinics.id),
    provider: text().$type<"stripe">().notNull().default("stripe"),
    accountId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("payment_accounts_provider_account_unique").on(t.provider, t.accountId)],
);

/**
 * A clinic's balance reminders (Settings → Payments, admins): whether they go out and when, planned when a
 * payment request is sent: so many days after it, and so many days before the charge's due date. No row:
 * the defaults (on; +3 and +7 days; 1 day before the due date).
 */
export const paymentSettings = pgTable(
  "payment_settings",
  {
    clinicId: uuid()
      .primaryKey()
      .references(() => clinics.id),
    remindersEnabled: boolean().notNull().default(true),
    /** Days after the request (ascending, distinct, 1–30). */
    reminderAfterDays: integer()
      .array()
      .notNull()
      .default(sql`'{3,7}'::integer[]`),
    /** Days before the due date (null: no reminder before the due date). */
    reminderBeforeDueDays: integer().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("payment_settings_before_due_days", sql`${t.reminderBeforeDueDays} is null or ${t.reminderBeforeDueDays} between 0 and 30`),
  ],
);

export type Charge = typeof charges.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type PaymentEvent = typeof paymentEvents.$inferSelect;
