import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPacer } from "./pacer";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** The most instants that fall in any window (t − 1 s, t]. */
function maxPerSecond(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/**
 * A clock the test owns, with timers that fire late the way a busy event loop fires them: the clock
 * moves to the next timer, and every fourth move overshoots by 400 ms, so every send whose slot passed
 * meanwhile wakes in the same instant. Between moves the test lets real I/O (the database) settle.
 */
function lateTimers(start: number) {
  let clock = start;
  let moves = 0;
  const timers: { wake: number; resolve: () => void }[] = [];
  return {
    now: () => clock,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ wake: clock + Math.max(0, ms), resolve })),
    async run(work: Promise<unknown>) {
      let done = false;
      void work.finally(() => (done = true));
      while (!done) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (timers.length === 0) continue;
        timers.sort((a, b) => a.wake - b.wake);
        clock = Math.max(clock, timers[0].wake) + (++moves % 4 === 0 ? 400 : 0);
        while (timers.length && timers[0].wake <= clock) timers.shift()!.resolve();
      }
      await work;
    },
  };
}

describe("createPacer", () => {
  it("lets no more than `rate` sends go in any second, even when timers fire late and slots bunch up", async () => {
    const timers = lateTimers(Date.parse("2026-12-06T16:00:00.000Z"));
    const pacer = createPacer({ db: database.db, rates: { whatsapp: 20 }, now: timers.now, sleep: timers.sleep });
    const key = `whatsapp:test-${randomUUID()}`;
    const released: number[] = [];
    // 120 sends waiting at once, as a claimed batch would be, six seconds of the sender's rate.
    await timers.run(
      Promise.all(
        Array.from({ length: 120 }, async () => {
          expect(await pacer.acquire(key, "whatsapp", 60_000)).toBeNull();
          released.push(timers.now());
        }),
      ),
    );
    expect(released).toHaveLength(120);
    expect(maxPerSecond(released)).toBeLessThanOrEqual(20);
    // And it is still a pacer, not a brake: 120 at 20/s take about six seconds of the clock, not much more.
    const spanS = (Math.max(...released) - Math.min(...released)) / 1000;
    expect(spanS).toBeGreaterThanOrEqual(5);
    expect(spanS).toBeLessThan(30);
  });
});
