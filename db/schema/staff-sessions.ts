import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./clinics";
import { users } from "./users";

export const STAFF_SESSION_END_REASONS = ["sign_out", "admin", "password_changed", "password_reset", "user_disabled", "idle"] as const;
export type StaffSessionEndReason = (typeof STAFF_SESSION_END_REASONS)[number];

/**
 * A staff member's signed-in browser (lib/auth/staff-sessions.ts). Auth.js keeps its JWT cookie; the
 * cookie carries a random token whose SHA-256 is stored here, and every request checks this row: once
 * `ended_at` is set (sign-out, an admin, a password change) the cookie opens nothing. No personal data
 * beyond a short user-agent summary.
 */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinics.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** SHA-256 (hex) of the 256-bit token carried in the session cookie. */
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Bumped by requests, at most every few minutes; idle sessions end after 12 h without one. */
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
    endedReason: text().$type<StaffSessionEndReason>(),
    /** e.g. "Chrome on Windows": enough for an admin to tell browsers apart, nothing more. */
    userAgentSummary: text(),
  },
  (t) => [uniqueIndex("staff_sessions_token_hash_unique").on(t.tokenHash), index("staff_sessions_user_idx").on(t.userId)],
);

export type StaffSession = typeof staffSessions.$inferSelect;
