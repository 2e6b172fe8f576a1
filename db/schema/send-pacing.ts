import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per sender (WhatsApp sender, SMS number, email domain): the shared pacing state of every
 * dispatcher process (lib/notifications/engine/pacing.ts). Generic cell rate algorithm: `next_slot_at`
 * is when the sender's next message may go out. Unlogged (the migration says so): losing it in a
 * crash only resets the pacing, and its updates never wait for a WAL flush.
 */
export const sendPacing = pgTable("send_pacing", {
  senderKey: text().primaryKey(),
  nextSlotAt: timestamp({ withTimezone: true }).notNull(),
  /** After a 429: slots are spaced twice as wide until then. */
  slowedUntil: timestamp({ withTimezone: true }),
  /** How many slots the last reservation took (its first slot is next_slot_at − granted × spacing). */
  lastGranted: integer().notNull().default(0),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
