import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { consumeRateLimit, peekRateLimit, resetRateLimit, sweepRateLimits, type RateLimit } from "./rate-limiter";

let database: Database;
let second: Database | undefined;
beforeAll(async () => {
  database = await openTestDatabase();
  // On PostgreSQL a second pool stands for a second app instance; PGlite has one connection.
  if (process.env.DATABASE_URL) second = await openTestDatabase();
});
afterAll(async () => {
  await second?.close();
  await database.close();
});

const limit = (points = 3): RateLimit => ({ name: `test-${randomUUID().slice(0, 8)}`, points, windowSeconds: 600 });
// In the future: a sweep triggered by another test (it deletes what ended before the real now) never touches these.
const T0 = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("database rate limiter", () => {
  it("allows the budget, refuses after it with the time left, and opens a new window when it ends", async () => {
    const l = limit(3);
    for (let i = 1; i <= 3; i++) {
      expect(await consumeRateLimit(database.db, { limit: l, key: "k", now: at(i) })).toMatchObject({ hits: i, allowed: true });
    }
    const refused = await consumeRateLimit(database.db, { limit: l, key: "k", now: at(100) });
    expect(refused).toMatchObject({ hits: 4, allowed: false, retryAfterSeconds: 501 });
    expect(refused.windowEndsAt).toEqual(at(601));
    // Another key of the same limit, and the same key of another limit, count on their own.
    expect(await consumeRateLimit(database.db, { limit: l, key: "other", now: at(100) })).toMatchObject({ hits: 1, allowed: true });
    expect(await consumeRateLimit(database.db, { limit: limit(3), key: "k", now: at(100) })).toMatchObject({ hits: 1, allowed: true });
    // The window opened by the first hit ends 600 s after it.
    expect(await consumeRateLimit(database.db, { limit: l, key: "k", now: at(601) })).toMatchObject({
      hits: 1,
      allowed: true,
      retryAfterSeconds: 600,
    });
  });

  it("peeks without counting, and forgets a key on reset", async () => {
    const l = limit(2);
    expect(await peekRateLimit(database.db, { limit: l, key: "k", now: at(0) })).toEqual({
      hits: 0,
      allowed: true,
      retryAfterSeconds: 0,
      windowEndsAt: null,
    });
    await consumeRateLimit(database.db, { limit: l, key: "k", now: at(0) });
    expect(await peekRateLimit(database.db, { limit: l, key: "k", now: at(1) })).toMatchObject({ hits: 1, allowed: true });
    await consumeRateLimit(database.db, { limit: l, key: "k", now: at(2) });
    expect(await peekRateLimit(database.db, { limit: l, key: "k", now: at(3) })).toMatchObject({
      hits: 2,
      allowed: false,
      retryAfterSeconds: 597,
    });
    expect(await peekRateLimit(database.db, { limit: l, key: "k", now: at(600) })).toMatchObject({ hits: 0, allowed: true });
    await resetRateLimit(database.db, { limit: l, key: "k" });
    expect(await peekRateLimit(database.db, { limit: l, key: "k", now: at(3) })).toMatchObject({ hits: 0, allowed: true });
  });

  it("counts concurrent hits exactly once each, across instances", async () => {
    const l = limit(10);
    const handles = [database.db, (second ?? database).db];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => consumeRateLimit(handles[i % 2], { limit: l, key: "burst", now: at(1) })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("sweeps counters whose window ended", async () => {
    const l = limit(5);
    await consumeRateLimit(database.db, { limit: l, key: "old", now: at(0) });
    await consumeRateLimit(database.db, { limit: l, key: "new", now: at(500) });
    // Only this test's limit: a sweep at tomorrow's time would delete every other test file's live counters
    // (on PostgreSQL the files share one database and run side by side).
    await sweepRateLimits(database.db, at(700), l);
    await consumeRateLimit(database.db, { limit: l, key: "new", now: at(700) });
    expect(await peekRateLimit(database.db, { limit: l, key: "new", now: at(700) })).toMatchObject({ hits: 2 });
    expect(await peekRateLimit(database.db, { limit: l, key: "old", now: at(100) })).toMatchObject({ hits: 0 });
    // Another limit's ended counter is left to a sweep of all limits.
    const other = limit(5);
    await consumeRateLimit(database.db, { limit: other, key: "old", now: at(0) });
    await sweepRateLimits(database.db, at(700), l);
    expect(await peekRateLimit(database.db, { limit: other, key: "old", now: at(100) })).toMatchObject({ hits: 1 });
  });
});
