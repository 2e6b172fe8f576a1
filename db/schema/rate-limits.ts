import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Fixed-window counters shared by every app process (lib/security/rate-limiter.ts): one row per
 * limit and key (e.g. "sign-in-account:ana@…", "patient-links:203.0.113.0"), counted with one atomic
 * upsert. Rows whose window has passed are reset on their next hit and swept now and then.
 */
export const rateLimitCounters = pgTable("rate_limit_counters", {
  /** `<limit name>:<key>` */
  key: text().primaryKey(),
  hits: integer().notNull(),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  windowEndsAt: timestamp({ withTimezone: true }).notNull(),
});
