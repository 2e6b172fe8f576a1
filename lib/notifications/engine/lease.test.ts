import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import type { ChannelTransport, OutboundMessage } from "../channels/types";
import { createMemoryProvider } from "../testing/memory-transport";
import { deliveriesById, seedDueBurst } from "../testing/burst";
import { claimDueDeliveries } from "./claim";
import { markSendStarted, renewLeases } from "./lease";
import { createPacer } from "./pacer";
import { processClaimedDelivery } from "./process-claimed";
import { recoverStuckDeliveries } from "./recover";
import { runSweep } from "./sweep";
import type { DispatchDeps } from "./types";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const LEASE_MS = 5_000;

async function burst(count: number) {
  const { clinicA } = await createTwoClinics(database.db);
  const t0 = new Date("2026-11-25T16:00:00Z");
  const seeded = await seedDueBurst(database.db, { clinicId: clinicA.id, count, dueAt: t0, channel: "whatsapp" });
  const provider = createMemoryProvider();
  const deps = (worker: string, at: Date, db = database.db): DispatchDeps => ({
    db,
    transports: provider.transports,
    now: () => at,
    workerId: worker,
    leaseMs: LEASE_MS,
  });
  return { clinicA, t0, ...seeded, provider, deps, scope: { clinicIds: [clinicA.id] } };
}
const after = (t: Date, ms: number) => new Date(t.getTime() + ms);

describe("leases", () => {
  it("a dead worker's rows are recovered once its lease runs out, and not before", async () => {
    const b = await burst(6);
    // Worker A claims everything and dies (never renews, never sends).
    const held = await claimDueDeliveries(database.db, { now: b.t0, limit: 10, scope: b.scope, owner: "A", leaseMs: LEASE_MS });
    expect(held).toHaveLength(6);
    expect(await recoverStuckDeliveries(b.deps("B", after(b.t0, LEASE_MS - 1)), { scope: b.scope })).toEqual({ recorded: 0, requeued: 0 });
    expect(await recoverStuckDeliveries(b.deps("B", after(b.t0, LEASE_MS + 1)), { scope: b.scope })).toEqual({ recorded: 0, requeued: 6 });
    // B then sends each once.
    await runSweep(b.deps("B", after(b.t0, LEASE_MS + 2)), { scope: b.scope });
    expect(b.provider.accepted.map((m) => m.deliveryId).sort()).toEqual([...b.ids].sort());
  });

  it("a slow worker that renews its lease is never recovered under it", async () => {
    const b = await burst(3);
    await claimDueDeliveries(database.db, { now: b.t0, limit: 10, scope: b.scope, owner: "A", leaseMs: LEASE_MS });
    for (let t = 2_000; t <= 30_000; t += 2_000) {
      expect(await renewLeases(database.db, { owner: "A", ids: b.ids, now: after(b.t0, t), leaseMs: LEASE_MS })).toEqual([]);
      expect(await recoverStuckDeliveries(b.deps("B", after(b.t0, t + 1_000)), { scope: b.scope })).toEqual({ recorded: 0, requeued: 0 });
    }
    expect((await deliveriesById(database.db, b.ids)).map((r) => r.leaseOwner)).toEqual(["A", "A", "A"]);
  });

  it("a worker whose lease was taken over never sends, and its late record changes nothing", async () => {
    const b = await burst(1);
    const [row] = await claimDueDeliveries(database.db, { now: b.t0, limit: 1, scope: b.scope, owner: "A", leaseMs: LEASE_MS });
    // A stalls past its lease; B recovers the row (re-queued: nothing was sent) and sends it.
    await recoverStuckDeliveries(b.deps("B", after(b.t0, LEASE_MS + 1)), { scope: b.scope });
    await runSweep(b.deps("B", after(b.t0, LEASE_MS + 2)), { scope: b.scope });
    expect(b.provider.accepted).toHaveLength(1);
    // A wakes up with its old copy of the row: the stamp refuses, nothing is sent, the row stays B's record.
    expect(await markSendStarted(database.db, { deliveryId: row.id, owner: "A", now: after(b.t0, LEASE_MS + 3) })).toBe(false);
    expect(await processClaimedDelivery(b.deps("A", after(b.t0, LEASE_MS + 3)), row)).toBe("not_claimed");
    expect(b.provider.accepted).toHaveLength(1);
    const [after1] = await deliveriesById(database.db, [row.id]);
    expect(after1).toMatchObject({ status: "queued", providerMessageId: b.provider.accepted[0].sid });
  });

  it("the stamp refuses a lease that would run out during the pacing wait that follows it", async () => {
    const b = await burst(1);
    const [row] = await claimDueDeliveries(database.db, { now: b.t0, limit: 1, scope: b.scope, owner: "A", leaseMs: LEASE_MS });
    // 2 s of lease left: enough for a send without pacing, not for one that may wait 3 s for its slot.
    const at = after(b.t0, LEASE_MS - 2_000);
    expect(await markSendStarted(database.db, { deliveryId: row.id, owner: "A", now: at, validForMs: 3_000 })).toBe(false);
    expect(await markSendStarted(database.db, { deliveryId: row.id, owner: "A", now: at, validForMs: 1_000 })).toBe(true);
  });

  it("a short lease still sends through a paced sender: the pacing wait shrinks to half the lease", async () => {
    const b = await burst(2);
    const paced = { ...b.provider.transports.whatsapp, senderKey: () => `whatsapp:lease-${b.clinicA.id}` };
    const deps: DispatchDeps = {
      ...b.deps("A", b.t0),
      leaseMs: 1_000,
      transports: { ...b.provider.transports, whatsapp: paced },
      pacer: createPacer({ db: database.db, rates: { whatsapp: 1_000 } }),
    };
    await runSweep(deps, { scope: b.scope });
    expect(b.provider.accepted.map((m) => m.deliveryId).sort()).toEqual([...b.ids].sort());
  });

  it("two recoverers racing take each abandoned row once", async () => {
    const b = await burst(40);
    await claimDueDeliveries(database.db, { now: b.t0, limit: 100, scope: b.scope, owner: "dead", leaseMs: LEASE_MS });
    const second = process.env.DATABASE_URL ? await openTestDatabase() : database;
    const at = after(b.t0, LEASE_MS + 1);
    const [x, y] = await Promise.all([
      recoverStuckDeliveries(b.deps("X", at), { scope: b.scope, limit: 25 }),
      recoverStuckDeliveries(b.deps("Y", at, second.db), { scope: b.scope, limit: 25 }),
    ]);
    if (second !== database) await second.close();
    expect(x.requeued + y.requeued).toBe(40);
    const rows = await deliveriesById(database.db, b.ids);
    expect(rows.every((r) => r.status === "scheduled" && r.errorCode === "recovered_after_crash")).toBe(true);
  });
});

describe("the pool", () => {
  it("keeps sending while one request hangs: no batch waits for its slowest message", async () => {
    const b = await burst(30);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowId = b.ids[0];
    const memory = b.provider.transports.whatsapp;
    const slow: ChannelTransport = {
      ...memory,
      async send(message: OutboundMessage) {
        if (message.deliveryId === slowId) await gate;
        return memory.send(message);
      },
    };
    const deps = { ...b.deps("P", after(b.t0, 1)), transports: { ...b.provider.transports, whatsapp: slow } };
    // Batches of 5 with 4 in flight: a batch barrier would stop after the first batch.
    const sweep = runSweep(deps, { scope: b.scope, batchSize: 5, concurrency: 4 });
    while (b.provider.accepted.length < 29) await new Promise((r) => setTimeout(r, 10));
    expect(b.provider.accepted.map((m) => m.deliveryId)).not.toContain(slowId);
    release();
    const result = await sweep;
    expect(result.claimed).toBe(30);
    expect(result.outcomes.sent).toBe(30);
  });
});
