import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveryEvents, type Channel, type Delivery } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics, insertTestDelivery } from "@/db/testing/factories";
import { MAX_RETRY_LATER, RETRY_LATER_MS } from "./provider-errors";
import { countRetryChain, planRetryLater } from "./retry-later";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");

async function failedDelivery(params: { clinicId: string; patientId: string; channel: Channel; fallbackOf?: Delivery; key?: string }) {
  return insertTestDelivery(database.db, {
    clinicId: params.clinicId,
    patientId: params.patientId,
    // A reply confirmation: no appointment needed, and planFallback leaves it alone.
    notificationType: "opt_out_confirmation",
    channel: params.channel,
    sendAt: NOW,
    status: "undelivered",
    errorCode: "30003",
    fallbackOfId: params.fallbackOf?.id,
    ...(params.key ? { idempotencyKey: params.key } : {}),
  });
}

describe("planRetryLater", () => {
  it("plans retry n with the first delivery's key, once, and counts retries on the same channel only", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const base = { clinicId: clinicA.id, patientId: patient.id };
    const whatsapp = await failedDelivery({ ...base, channel: "whatsapp" });
    const sms = await failedDelivery({ ...base, channel: "sms", fallbackOf: whatsapp, key: `${whatsapp.idempotencyKey}:fallback:sms` });

    const [retry1] = await planRetryLater(database.db, { delivery: sms, now: NOW });
    expect(retry1).toMatchObject({
      channel: "sms",
      status: "scheduled",
      fallbackOfId: sms.id,
      idempotencyKey: `${sms.idempotencyKey}:retry:1`,
      sendAt: new Date(NOW.getTime() + RETRY_LATER_MS),
    });
    expect(await planRetryLater(database.db, { delivery: sms, now: NOW })).toEqual([]);
    const events = await database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, retry1.id));
    expect(events).toEqual([expect.objectContaining({ status: "scheduled", source: "system", payload: { retryOf: sms.id, attempt: 1 } })]);

    expect(await countRetryChain(database.db, { delivery: sms })).toMatchObject({ retries: 0, root: { id: sms.id } });
    expect(await countRetryChain(database.db, { delivery: retry1 })).toMatchObject({ retries: 1, root: { id: sms.id } });
  });

  it(`stops after ${MAX_RETRY_LATER} retries (then it is planFallback's: nothing for a reply confirmation on SMS)`, async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    let current = await failedDelivery({ clinicId: clinicA.id, patientId: patient.id, channel: "sms" });
    const keys: string[] = [];
    for (let i = 0; i < MAX_RETRY_LATER; i++) {
      const [retry] = await planRetryLater(database.db, { delivery: current, now: NOW });
      keys.push(retry.idempotencyKey);
      current = retry;
    }
    expect(keys.map((k) => k.split(":").slice(-2).join(":"))).toEqual(["retry:1", "retry:2"]);
    expect(await planRetryLater(database.db, { delivery: current, now: NOW })).toEqual([]);
  });

  it("does not follow a chain into another clinic", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const patientA = await createPatient(database.db, { clinicId: clinicA.id });
    const patientB = await createPatient(database.db, { clinicId: clinicB.id });
    const foreign = await failedDelivery({ clinicId: clinicB.id, patientId: patientB.id, channel: "sms" });
    const own = await failedDelivery({ clinicId: clinicA.id, patientId: patientA.id, channel: "sms", fallbackOf: foreign });
    expect(await countRetryChain(database.db, { delivery: own })).toMatchObject({ retries: 0, root: { id: own.id } });
  });
});
