import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { errorMessage, log } from "@/lib/log";

/** One hit in this many also deletes the counters whose window has ended (no timer to run). */
const SWEEP_EVERY = 500;

/**
 * Rate limits counted in the database (PostgreSQL or PGlite), so that every app instance shares them.
 *
 * Fixed windows: the first hit of a key opens a window of `windowSeconds`; hits inside it add up; the
 * first hit after it ends starts a new one. One `INSERT … ON CONFLICT … RETURNING` counts and answers
 * atomically, whatever the number of processes (the row lock orders concurrent hits).
 */
export interface RateLimit {
  /** Prefix of the keys of this limit, e.g. "patient-links". */
  name: string;
  /** Hits allowed per window. */
  points: number;
  windowSeconds: number;
}

export interface RateState {
  /** Hits counted in the current window (0 when none is open). */
  hits: number;
  /** Whether this hit (or, for `peekRateLimit`, the next) stays within the budget. */
  allowed: boolean;
  /** Seconds until the current window ends (at least 1 when one is open, 0 otherwise). */
  retryAfterSeconds: number;
  windowEndsAt: Date | null;
}

function counterKey(limit: RateLimit, key: string) {
  return `${limit.name}:${key}`;
}

function stateOf(limit: RateLimit, hits: number, windowEndsAt: Date | null, now: Date, allowed: boolean): RateState {
  const open = windowEndsAt !== null && windowEndsAt.getTime() > now.getTime();
  return {
    hits: open ? hits : 0,
    allowed,
    retryAfterSeconds: open ? Math.max(1, Math.ceil((windowEndsAt.getTime() - now.getTime()) / 1000)) : 0,
    windowEndsAt: open ? windowEndsAt : null,
  };
}

/** Counts `cost` hits of `key`; `allowed` is false once the window's budget is spent. */
export async function consumeRateLimit(db: Db, params: { limit: RateLimit; key: string; now?: Date; cost?: number }): Promise<RateState> {
  const { limit } = params;
  const now = params.now ?? new Date();
  const cost = params.cost ?? 1;
  const ends = new Date(now.getTime() + limit.windowSeconds * 1000);
  const [row] = await queryRows<{ hits: number; window_ends_at: string | Date }>(
    db,
    sql`insert into rate_limit_counters as c (key, hits, window_started_at, window_ends_at)
        values (${counterKey(limit, params.key)}, ${cost}, ${now.toISOString()}, ${ends.toISOString()})
        on conflict (key) do update set
          hits = case when c.window_ends_at <= ${now.toISOString()} then excluded.hits else c.hits + excluded.hits end,
          window_started_at = case when c.window_ends_at <= ${now.toISOString()} then excluded.window_started_at else c.window_started_at end,
          window_ends_at = case when c.window_ends_at <= ${now.toISOString()} then excluded.window_ends_at else c.window_ends_at end
        returning hits, window_ends_at`,
  );
  if (Math.random() * SWEEP_EVERY < 1) {
    void sweepRateLimits(db).catch((error) =>
      log.warn({ event: "rate_limit_sweep_failed", error: errorMessage(error) }, "rate limit sweep failed"),
    );
  }
  const hits = Number(row.hits);
  return stateOf(limit, hits, new Date(row.window_ends_at), now, hits <= limit.points);
}

/** The state of `key` without counting a hit: `allowed` says whether one more hit would pass. */
export async function peekRateLimit(db: Db, params: { limit: RateLimit; key: string; now?: Date }): Promise<RateState> {
  const now = params.now ?? new Date();
  const [row] = await queryRows<{ hits: number; window_ends_at: string | Date }>(
    db,
    sql`select hits, window_ends_at from rate_limit_counters
        where key = ${counterKey(params.limit, params.key)} and window_ends_at > ${now.toISOString()}`,
  );
  if (!row) return stateOf(params.limit, 0, null, now, true);
  const hits = Number(row.hits);
  return stateOf(params.limit, hits, new Date(row.window_ends_at), now, hits < params.limit.points);
}

/** Forgets the hits of `key` (a successful sign-in, an admin's unlock). */
export async function resetRateLimit(db: Db, params: { limit: RateLimit; key: string }) {
  await queryRows(db, sql`delete from rate_limit_counters where key = ${counterKey(params.limit, params.key)} returning key`);
}

/**
 * Deletes counters whose window ended before `now` (called now and then; correctness never depends on it),
 * of every limit or of `only` one.
 */
export async function sweepRateLimits(db: Db, now: Date = new Date(), only?: RateLimit) {
  const scope = only ? sql` and starts_with(key, ${`${only.name}:`})` : sql``;
  await queryRows(db, sql`delete from rate_limit_counters where window_ends_at <= ${now.toISOString()}${scope} returning key`);
}
