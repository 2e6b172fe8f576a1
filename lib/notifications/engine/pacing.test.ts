import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { channelRateCeiling, DEFAULT_SEND_RATES, parseSendRates, reserveSendSlots, sendRateFor, slowSender } from "./pacing";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const T0 = new Date("2026-11-25T16:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const sender = () => `whatsapp:test-${randomUUID()}`;

/** The most slots that fall in any window [t, t + 1 s). */
function maxPerSecond(slots: Date[]) {
  const times = slots.map((s) => s.getTime()).sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

describe("reserveSendSlots", () => {
  it("grants the slots that fit in the horizon, 1000/rate ms apart, and none twice", async () => {
    const key = sender();
    const first = await reserveSendSlots(database.db, { senderKey: key, count: 500, ratePerS: 80, now: T0 });
    expect(first.slots).toHaveLength(81); // 0, 12.5, …, 1000 ms
    expect(first.slots[0]).toEqual(T0);
    expect(first.slots[1].getTime() - first.slots[0].getTime()).toBe(13); // 12.5 rounded
    expect(first.slots.at(-1)).toEqual(at(1000));
    // Nothing left in the horizon at the same instant; the next free slot is named.
    const second = await reserveSendSlots(database.db, { senderKey: key, count: 10, ratePerS: 80, now: T0 });
    expect(second.slots).toEqual([]);
    expect(second.nextFreeAt.getTime()).toBeCloseTo(T0.getTime() + 1012.5, -1);
    // Later, only what the elapsed time freed.
    const third = await reserveSendSlots(database.db, { senderKey: key, count: 10, ratePerS: 80, now: at(100) });
    expect(third.slots).toHaveLength(8); // 1012.5 … 1100
    expect(third.slots[0].getTime()).toBe(T0.getTime() + 1013);
  });

  // 2,668 rounds of four reservations against the database: ~10 s idle, more on a loaded machine.
  it("never lets a sender exceed its rate in any second, however the reservations interleave", { timeout: 120_000 }, async () => {
    const key = sender();
    const slots: Date[] = [];
    // Four "processes" asking every 30 ms for up to 7 slots each, for 20 simulated seconds.
    for (let ms = 0; ms < 20_000; ms += 30) {
      for (let p = 0; p < 4; p++) {
        const r = await reserveSendSlots(database.db, { senderKey: key, count: 7, ratePerS: 80, now: at(ms), horizonMs: 200 });
        slots.push(...r.slots);
      }
    }
    expect(new Set(slots.map((s) => s.getTime())).size).toBe(slots.length);
    expect(maxPerSecond(slots)).toBeLessThanOrEqual(80);
    // …and it is not slower than the rate either: 20 s at 80/s.
    expect(slots.length).toBeGreaterThanOrEqual(80 * 20 - 1);
  });

  it("gives concurrent callers disjoint slots", async () => {
    const key = sender();
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        reserveSendSlots(database.db, { senderKey: key, count: 5, ratePerS: 50, now: T0, horizonMs: 5_000 }),
      ),
    );
    const all = results.flatMap((r) => r.slots.map((s) => s.getTime())).sort((a, b) => a - b);
    expect(all).toHaveLength(60);
    for (let i = 1; i < all.length; i++) expect(all[i] - all[i - 1]).toBeGreaterThanOrEqual(19); // 20 ms apart (rounded)
  });

  it("keeps senders apart", async () => {
    const [a, b] = [sender(), sender()];
    const ra = await reserveSendSlots(database.db, { senderKey: a, count: 3, ratePerS: 1, now: T0 });
    const rb = await reserveSendSlots(database.db, { senderKey: b, count: 3, ratePerS: 1, now: T0 });
    expect(ra.slots).toEqual([T0, at(1000)]);
    expect(rb.slots).toEqual([T0, at(1000)]);
  });

  it("does not touch the database for an unpaced sender", async () => {
    const r = await reserveSendSlots({} as never, { senderKey: "outbox:sms", count: 3, ratePerS: Infinity, now: T0 });
    expect(r.slots).toEqual([T0, T0, T0]);
  });
});

describe("slowSender (a 429)", () => {
  it("holds every send until Retry-After, then spaces slots twice as wide for a minute", async () => {
    const key = sender();
    await reserveSendSlots(database.db, { senderKey: key, count: 1, ratePerS: 10, now: T0 });
    await slowSender(database.db, { senderKey: key, now: at(50), retryAfterMs: 5_000 });
    expect((await reserveSendSlots(database.db, { senderKey: key, count: 5, ratePerS: 10, now: at(100) })).slots).toEqual([]);
    const after = await reserveSendSlots(database.db, { senderKey: key, count: 5, ratePerS: 10, now: at(5_050) });
    expect(after.slots.map((s) => s.getTime() - T0.getTime())).toEqual([5_050, 5_250, 5_450, 5_650, 5_850]);
    // After the minute, the normal spacing again.
    const later = await reserveSendSlots(database.db, { senderKey: key, count: 3, ratePerS: 10, now: at(70_000) });
    expect(later.slots.map((s) => s.getTime() - T0.getTime())).toEqual([70_000, 70_100, 70_200]);
  });

  it("never moves a later next slot earlier, and works for a sender never paced before", async () => {
    const key = sender();
    await slowSender(database.db, { senderKey: key, now: T0, retryAfterMs: 10_000 });
    await slowSender(database.db, { senderKey: key, now: at(1), retryAfterMs: 1_000 });
    const r = await reserveSendSlots(database.db, { senderKey: key, count: 1, ratePerS: 10, now: at(2_000), horizonMs: 0 });
    expect(r.slots).toEqual([]);
    expect(r.nextFreeAt).toEqual(at(10_000));
  });
});

describe("send rates", () => {
  it("reads SEND_RATE_LIMITS: a sender key wins over its channel, the channel over the default", () => {
    const rates = parseSendRates('{"sms": 5, "sms:+525512345678": 2}');
    expect(sendRateFor("sms:+525512345678", "sms", rates)).toBe(2);
    expect(sendRateFor("sms:+525599999999", "sms", rates)).toBe(5);
    expect(sendRateFor("whatsapp:MG1", "whatsapp", rates)).toBe(DEFAULT_SEND_RATES.whatsapp);
    expect(parseSendRates(undefined)).toEqual({});
  });

  it("keeps the defaults below Twilio's limits (80/s per WhatsApp sender, 10/s per number to Mexico)", () => {
    expect(DEFAULT_SEND_RATES.whatsapp).toBeLessThan(80);
    expect(DEFAULT_SEND_RATES.sms).toBeLessThan(10);
  });

  it("gives the Inngest throttle a whole ceiling per channel: its rate or its fastest sender, at least 1/s", () => {
    expect(channelRateCeiling("whatsapp")).toBe(70);
    expect(channelRateCeiling("sms")).toBe(8);
    expect(channelRateCeiling("email")).toBe(4);
    const rates = parseSendRates('{"sms": 5, "sms:+525512345678": 9.7, "whatsapp:+15550000001": 20, "email": 0.5}');
    expect(channelRateCeiling("sms", rates)).toBe(9);
    // A slower sender does not lower the channel's ceiling: the bucket holds it to 20/s.
    expect(channelRateCeiling("whatsapp", rates)).toBe(70);
    expect(channelRateCeiling("email", rates)).toBe(1);
  });

  it("refuses a malformed value, naming the variable", () => {
    expect(() => parseSendRates("{nope")).toThrow(/SEND_RATE_LIMITS is not valid JSON/);
    expect(() => parseSendRates('{"sms": -1}')).toThrow(/SEND_RATE_LIMITS sms/);
    expect(() => parseSendRates('{"sms": "fast"}')).toThrow(/SEND_RATE_LIMITS/);
  });
});
