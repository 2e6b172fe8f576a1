import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveries, sendPacing } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import { createOutboxTransport } from "../channels/outbox-transport";
import { startFakeTwilio, type FakeTwilio } from "../testing/fake-twilio";
import { deliveriesById, fakeContentSids, fakeTwilioTransport, FAKE_SMS_FROM, seedDueBurst } from "../testing/burst";
import { createPacer } from "./pacer";
import { runSweep } from "./sweep";
import type { DispatchDeps } from "./types";

// The real twilio SDK over a real socket to a loopback fake Twilio that misbehaves as told; every case
// counts what reached each patient at the fake. The SDK's call timeout is short (what the fake needs to
// look hung); the engine's clock is a variable the test moves, so back-offs cost no real time.
let database: Database;
let fake: FakeTwilio;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});
afterEach(async () => {
  await fake?.close();
});

const TIMEOUT_MS = 300;

async function setUp(params: { count: number; channel?: "sms" | "whatsapp" | "mixed"; visitInMs?: number; email?: boolean }) {
  fake = await startFakeTwilio({ contentBodies: fakeContentSids().contentBodies });
  const { clinicA } = await createTwoClinics(database.db);
  const clock = { now: Date.now() };
  const burst = await seedDueBurst(database.db, {
    clinicId: clinicA.id,
    count: params.count,
    dueAt: new Date(clock.now),
    channel: params.channel ?? "mixed",
    visitInMs: params.visitInMs,
    email: params.email,
  });
  const twilio = fakeTwilioTransport(fake.baseUrl, { timeoutMs: TIMEOUT_MS });
  const deps: DispatchDeps = {
    db: database.db,
    transports: { whatsapp: twilio, sms: twilio, email: createOutboxTransport() },
    now: () => new Date(clock.now),
    backoffMs: () => 1_000,
  };
  const sweep = () => runSweep(deps, { scope: { clinicIds: [clinicA.id] }, concurrency: 8, batchSize: 20 });
  /** Sweeps until nothing is left to send, moving the clock `stepMs` before each sweep. */
  const drain = async (stepMs = 2_000, rounds = 30) => {
    for (let i = 0; i < rounds; i++) {
      clock.now += stepMs;
      await sweep();
      const rows = await deliveriesById(database.db, burst.ids);
      if (rows.every((r) => r.status !== "scheduled" && r.status !== "sending")) return rows;
    }
    return deliveriesById(database.db, burst.ids);
  };
  return { clinicA, burst, clock, deps, sweep, drain };
}

/** Every patient received exactly one message, and every row records the message they got. */
function expectExactlyOnce(
  burst: { ids: string[]; addresses: string[] },
  rows: Awaited<ReturnType<typeof deliveriesById>>,
  received: Map<string, number>,
) {
  expect(burst.addresses.map((a) => received.get(a) ?? 0)).toEqual(burst.addresses.map(() => 1));
  expect(rows.map((r) => r.status)).toEqual(rows.map(() => "queued"));
  const sids = new Set(rows.map((r) => r.providerMessageId));
  expect(sids.size).toBe(rows.length);
  expect([...sids].every((sid) => fake.accepted.some((m) => m.sid === sid))).toBe(true);
}

describe("exactly once when Twilio's answer is ambiguous (real SDK, loopback fake)", { timeout: 120_000 }, () => {
  it("504 after accepting every message: each is sent once, found on the retry, recorded — never sent again", async () => {
    const { burst, drain } = await setUp({ count: 30 });
    fake.behave(() => "accept_then_504");
    const rows = await drain();
    expectExactlyOnce(burst, rows, fake.receivedBy());
    // One create per message; every retry asked first (by To, without a DateSent filter that would hide queued messages).
    expect(fake.requests).toHaveLength(30);
    expect(fake.listRequests.length).toBeGreaterThanOrEqual(30);
    expect(fake.listRequests.every((q) => !q.has("DateSent>"))).toBe(true);
    // At least the 504'd attempt and the one that asked (a slow answer to the question is asked again).
    expect(rows.every((r) => r.attempts >= 2 && r.sendStartedAt === null && r.leaseOwner === null)).toBe(true);
  });

  it("a provider that hangs, then accepts 90 % of requests: nobody gets a message twice", async () => {
    const { burst, drain } = await setUp({ count: 30 });
    fake.behave(({ n }) => (n % 10 === 0 ? "accept" : "hang_accepted"));
    const rows = await drain();
    expectExactlyOnce(burst, rows, fake.receivedBy());
    expect(fake.requests).toHaveLength(30);
  });

  it("a request lost in a hang is asked about, found missing, and sent again — once", async () => {
    const { burst, drain } = await setUp({ count: 20 });
    const lost = new Set<string>();
    fake.behave(({ n, to }) => {
      if (n % 4 === 0 && !lost.has(to)) {
        lost.add(to);
        return "hang_lost";
      }
      return "accept";
    });
    const rows = await drain();
    expectExactlyOnce(burst, rows, fake.receivedBy());
    expect(fake.requests).toHaveLength(20 + lost.size);
  });

  it("a 429 with Retry-After: that sender waits at least that long, in every process, and nothing is lost", async () => {
    const { burst, deps, clock, sweep, drain } = await setUp({ count: 12, channel: "sms" });
    deps.pacer = createPacer({ db: database.db, rates: { sms: 1_000 }, now: () => clock.now, sleep: async () => undefined });
    fake.behave(({ n }) => (n < 3 ? { status: 429, retryAfterS: 30 } : "accept"));
    const before = clock.now;
    await sweep();
    const limited = (await deliveriesById(database.db, burst.ids)).filter((r) => r.errorCode === "20429");
    expect(limited.length).toBeGreaterThanOrEqual(1);
    for (const row of limited) {
      expect(row.status).toBe("scheduled");
      expect(row.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(30_000);
      // A 429 is a definite "not accepted": no need to ask before the retry.
      expect(row.sendStartedAt).toBeNull();
    }
    const [pacing] = await database.db
      .select()
      .from(sendPacing)
      .where(eq(sendPacing.senderKey, `sms:${FAKE_SMS_FROM}`));
    expect(pacing.nextSlotAt.getTime() - before).toBeGreaterThanOrEqual(30_000);
    expect(pacing.slowedUntil!.getTime()).toBeGreaterThan(before + 30_000);
    const rows = await drain(10_000);
    expectExactlyOnce(burst, rows, fake.receivedBy());
  });

  it("a provider answering 500 for 9 minutes: every message goes out once it recovers, none fails", async () => {
    const { burst, clock, deps, drain } = await setUp({ count: 20 });
    deps.backoffMs = undefined; // the real back-off: 30 s doubling, with jitter
    const recoversAt = clock.now + 9 * 60_000;
    fake.behave(() => (clock.now < recoversAt ? { status: 500 } : "accept"));
    const rows = await drain(30_000, 80);
    expectExactlyOnce(burst, rows, fake.receivedBy());
    // More than the five attempts that used to fail them for good.
    expect(Math.max(...rows.map((r) => r.attempts))).toBeGreaterThan(5);
  });

  it("past half the time to its deadline, a failing message hands over to the next channel, then fails with the reason", async () => {
    // The visit is 20 minutes away: SMS gets 10 minutes of retries, then email takes over.
    const { burst, clock, sweep, drain } = await setUp({ count: 4, channel: "sms", visitInMs: 20 * 60_000, email: true });
    fake.behave(() => ({ status: 500 }));
    await drain(60_000, 15);
    clock.now += 1_000;
    await sweep(); // the fallbacks, due at once
    const rows = await deliveriesById(database.db, burst.ids);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "failed", errorCode: "20500" });
      expect(row.errorMessage).toMatch(/^Retries stopped \(handed to the next channel\)/);
      expect(row.updatedAt.getTime() - row.sendAt.getTime()).toBeLessThanOrEqual(11 * 60_000);
    }
    const fallbacks = await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, burst.ids[0]));
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatchObject({ channel: "email", status: "sent", simulated: true });
    expect(fake.accepted).toEqual([]);
  });
});
