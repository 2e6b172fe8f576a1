import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import { createOutboxTransport } from "../channels/outbox-transport";
import { startFakeTwilio, type FakeBehaviour, type FakeTwilio } from "../testing/fake-twilio";
import { deliveriesById, fakeContentSids, fakeTwilioTransport, seedDueBurst } from "../testing/burst";
import { runSweep } from "./sweep";
import type { DispatchDeps } from "./types";

// The proof from outside: the real twilio SDK against a loopback fake Twilio that answers 429, answers
// 504 after accepting, hangs after accepting — and, on PostgreSQL, loses the dispatching process to
// `kill -9` in the middle of a send (a child process). A surviving worker then takes over. Every
// patient must get their message exactly once, and none may be lost.
let database: Database;
let fake: FakeTwilio;
beforeAll(async () => {
  database = await openTestDatabase();
  fake = await startFakeTwilio({ contentBodies: fakeContentSids().contentBodies });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

const COUNT = 40;
const LEASE_MS = 1_500;
const TIMEOUT_MS = 500;

/** 429, 504 after accepting and hangs after accepting, in a fixed pattern over the requests. */
const chaos = ({ n }: { n: number }): FakeBehaviour =>
  n % 7 === 1 ? { status: 429, retryAfterS: 1 } : n % 7 === 3 ? "accept_then_504" : n % 7 === 5 ? "hang_accepted" : "accept";

async function survivorDrains(clinicId: string, ids: string[]) {
  const twilio = fakeTwilioTransport(fake.baseUrl, { timeoutMs: TIMEOUT_MS });
  // Its clock runs ahead of the dead worker's leases (1.5 s) and the 429's Retry-After (1 s): no real waiting.
  let skew = LEASE_MS + 1_500;
  const deps: DispatchDeps = {
    db: database.db,
    transports: { whatsapp: twilio, sms: twilio, email: createOutboxTransport() },
    now: () => new Date(Date.now() + skew),
    workerId: "survivor",
    leaseMs: LEASE_MS,
    backoffMs: () => 0,
  };
  for (let round = 0; round < 40; round++) {
    await runSweep(deps, { scope: { clinicIds: [clinicId] }, batchSize: 10, concurrency: 4 });
    const rows = await deliveriesById(database.db, ids);
    if (rows.every((r) => r.status !== "scheduled" && r.status !== "sending")) return rows;
    skew += 1_500;
  }
  return deliveriesById(database.db, ids);
}

function expectEachPatientOnce(burst: { addresses: string[] }, rows: Awaited<ReturnType<typeof deliveriesById>>) {
  const received = fake.receivedBy();
  expect(burst.addresses.map((a) => received.get(a) ?? 0)).toEqual(burst.addresses.map(() => 1));
  expect(rows.map((r) => r.status)).toEqual(rows.map(() => "queued"));
  expect(new Set(rows.map((r) => r.providerMessageId)).size).toBe(rows.length);
}

describe("crash recovery from outside (real SDK, loopback fake Twilio)", { timeout: 120_000 }, () => {
  if (process.env.DATABASE_URL) {
    it("kill -9 of the dispatching process mid-send, with 429s, 504s after accepting and hangs: each message once, none lost", async () => {
      const { clinicA } = await createTwoClinics(database.db);
      const burst = await seedDueBurst(database.db, {
        clinicId: clinicA.id,
        count: COUNT,
        dueAt: new Date(Date.now() - 1_000),
        channel: "mixed",
      });
      let child: ChildProcess | null = null;
      const died = new Promise<NodeJS.Signals | null>((resolve) => {
        fake.onRequest(({ n }) => {
          // The 13th request is accepted and never answered, and its sender dies with it in flight.
          if (n === 12) child?.kill("SIGKILL");
        });
        fake.behave((request) => (request.n === 12 ? "hang_accepted" : chaos(request)));
        child = spawn(
          process.execPath,
          [path.join(process.cwd(), "node_modules/tsx/dist/cli.mjs"), "lib/notifications/testing/dispatch-child.ts"],
          {
            stdio: ["ignore", "inherit", "inherit", "ipc"],
            env: {
              ...process.env,
              FAKE_TWILIO_URL: fake.baseUrl,
              CLINIC_ID: clinicA.id,
              WORKER_ID: "doomed",
              LEASE_MS: String(LEASE_MS),
              TIMEOUT_MS: String(TIMEOUT_MS),
            },
          },
        );
        child.on("exit", (_code, signal) => resolve(signal));
      });
      expect(await died).toBe("SIGKILL");
      const left = (await deliveriesById(database.db, burst.ids)).filter((r) => r.status === "sending" || r.status === "scheduled");
      // The dead process left rows behind, among them the one whose request Twilio accepted.
      expect(left.some((r) => r.status === "sending" && r.leaseOwner === "doomed" && r.sendStartedAt !== null)).toBe(true);

      fake.behave(chaos);
      const rows = await survivorDrains(clinicA.id, burst.ids);
      expectEachPatientOnce(burst, rows);
    });
  } else {
    // PGlite has one owner process (docs/architecture.md), so there is no second process to kill:
    // the same chaos against one worker.
    it("429s, 504s after accepting and hangs after accepting: each message once, none lost", async () => {
      const { clinicA } = await createTwoClinics(database.db);
      const burst = await seedDueBurst(database.db, {
        clinicId: clinicA.id,
        count: COUNT,
        dueAt: new Date(Date.now() - 1_000),
        channel: "mixed",
      });
      fake.behave(chaos);
      const rows = await survivorDrains(clinicA.id, burst.ids);
      expectEachPatientOnce(burst, rows);
    });
  }
});
