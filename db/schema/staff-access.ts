import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { staffRoleEnum } from "./enums";
import { users } from "./users";

/**
 * Emails Luna sends to staff (invitations, password resets), not to patients (lib/staff-mail). With
 * RESEND_API_KEY set they go through Resend and the row records the provider's id; in the embedded mode
 * (no keys) nothing leaves and the row is the email, shown to admins under Settings → Outbox. A reset
 * email for an address that is no member is never written (no row, no email): nothing to enumerate.
 */
export const staffEmails = pgTable(
  "staff_emails",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Null for a sign-up confirmation (lib/onboarding): no clinic exists until the link is used. */
    clinicId: uuid().references(() => clinics.id),
    /** "invitation" | "password_reset" | "sign_up_confirmation" | "sign_up_existing". */
    kind: text().notNull(),
    toEmail: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    /** "resend" or "outbox" (embedded mode: not sent). */
    transport: text().notNull(),
    providerMessageId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("staff_emails_clinic_idx").on(t.clinicId, t.createdAt)],
);

/** An invitation to join a clinic's staff (Settings → Team). Only the SHA-256 of the 128-bit token is stored. */
export const staffInvitations = pgTable(
  "staff_invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    /** Lower-cased. */
    email: text().notNull(),
    role: staffRoleEnum().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    invitedById: uuid().references(() => users.id),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedUserId: uuid().references(() => users.id),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("staff_invitations_clinic_idx").on(t.clinicId)],
);

/** A single-use "forgot password" link (15 minutes). Only the SHA-256 of the 128-bit token is stored. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

export type StaffEmail = typeof staffEmails.$inferSelect;
export type StaffInvitation = typeof staffInvitations.$inferSelect;
