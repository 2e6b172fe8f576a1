import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import fc from "fast-check";
import type { Database } from "@/db/client";
import { deliveries, deliveryEvents, patients } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics, insertTestDelivery } from "@/db/testing/factories";
import {
  applyProviderStatus,
  fromTwilioStatus,
  STATUS_RANK,
  unsafeFindDeliveryByProviderId,
  type ProviderStatus,
} from "./apply-provider-status";
import { captureLog } from "@/lib/testing/capture-log";
import { RETRY_LATER_MS } from "./provider-errors";
import { bookSentConfirmation, confirmationChain, reloadDelivery, sendDelivery, uniqueTwilioSid } from "./testing/sent-visit";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** A delivery Twilio has accepted (queued, with a SID), inserted directly: the status rule needs no visit. */
async function queuedDelivery(clinicId: string, patientId: string) {
  const sid = uniqueTwilioSid();
  const row = await insertTestDelivery(database.db, {
    clinicId,
    patientId,
    notificationType: "booking_confirmation",
    channel: "whatsapp",
    templateKey: "booking_confirmation.in_person.es",
    sendAt: NOW,
    status: "queued",
    providerMessageId: sid,
    attempts: 1,
    lastAttemptAt: NOW,
  });
  return { delivery: row, sid };
}

const eventsOf = (deliveryId: string) =>
  database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, deliveryId)).orderBy(asc(deliveryEvents.id));

describe("fromTwilioStatus", () => {
  it("maps Twilio's words to ours; sending stays queued, canceled is a failure, inbound words are ignored", () => {
    expect(fromTwilioStatus("accepted", null)).toEqual({ status: "queued", errorCode: null });
    expect(fromTwilioStatus("scheduled", null)).toEqual({ status: "queued", errorCode: null });
    expect(fromTwilioStatus("queued", null)).toEqual({ status: "queued", errorCode: null });
    expect(fromTwilioStatus("sending", null)).toEqual({ status: "queued", errorCode: null });
    expect(fromTwilioStatus("sent", null)).toEqual({ status: "sent", errorCode: null });
    expect(fromTwilioStatus("delivered", "0")).toEqual({ status: "delivered", errorCode: null });
    expect(fromTwilioStatus("read", null)).toEqual({ status: "read", errorCode: null });
    expect(fromTwilioStatus("failed", "63003")).toEqual({ status: "failed", errorCode: "63003" });
    expect(fromTwilioStatus("undelivered", "30003")).toEqual({ status: "undelivered", errorCode: "30003" });
    expect(fromTwilioStatus("canceled", null)).toEqual({ status: "failed", errorCode: "canceled" });
    expect(fromTwilioStatus("received", null)).toBeNull();
    expect(fromTwilioStatus("partially_delivered", null)).toBeNull();
  });
});

describe("applyProviderStatus", () => {
  it("moves forward only, and records every callback with its time, status, code and payload", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const other = await createPatient(database.db, { clinicId: clinicB.id });
    const { delivery, sid } = await queuedDelivery(clinicA.id, patient.id);
    const bystander = await queuedDelivery(clinicB.id, other.id);

    const apply = (status: ProviderStatus, at: number) =>
      applyProviderStatus(database.db, {
        source: "twilio",
        providerMessageId: sid,
        status,
        payload: { MessageSid: sid, MessageStatus: status },
        now: later(at),
      });
    expect(await apply("delivered", 1000)).toMatchObject({ outcome: "recorded", changed: true });
    expect(await apply("sent", 2000)).toMatchObject({ outcome: "recorded", changed: false });
    expect((await reloadDelivery(database.db, delivery.id)).status).toBe("delivered");
    expect(await apply("read", 3000)).toMatchObject({ outcome: "recorded", changed: true });
    expect(await apply("read", 4000)).toMatchObject({ outcome: "recorded", changed: false });

    const row = await reloadDelivery(database.db, delivery.id);
    expect(row).toMatchObject({ status: "read", updatedAt: later(3000) });
    const events = await eventsOf(delivery.id);
    expect(events.map((e) => [e.status, e.source, e.occurredAt.getTime()])).toEqual([
      ["delivered", "twilio", later(1000).getTime()],
      ["sent", "twilio", later(2000).getTime()],
      ["read", "twilio", later(3000).getTime()],
      ["read", "twilio", later(4000).getTime()],
    ]);
    expect(events[0].payload).toEqual({ MessageSid: sid, MessageStatus: "delivered" });
    expect(events.every((e) => e.clinicId === clinicA.id)).toBe(true);
    // The other clinic's message is untouched.
    expect(await reloadDelivery(database.db, bystander.delivery.id)).toMatchObject({ status: "queued" });
    expect(await eventsOf(bystander.delivery.id)).toHaveLength(0);
  });

  it("keeps the first final status and its code: failed/undelivered are never left", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const { delivery, sid } = await queuedDelivery(clinicA.id, patient.id);
    const base = { source: "twilio" as const, providerMessageId: sid, payload: {}, now: NOW };
    await applyProviderStatus(database.db, { ...base, status: "undelivered", errorCode: "30007" });
    await applyProviderStatus(database.db, { ...base, status: "failed", errorCode: "30005" });
    await applyProviderStatus(database.db, { ...base, status: "delivered" });
    expect(await reloadDelivery(database.db, delivery.id)).toMatchObject({ status: "undelivered", errorCode: "30007" });
    expect((await eventsOf(delivery.id)).map((e) => [e.status, e.errorCode])).toEqual([
      ["undelivered", "30007"],
      ["failed", "30005"],
      ["delivered", null],
    ]);
  });

  it("never touches a delivery the provider does not own yet (sending) or any more (cancelled)", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    for (const status of ["sending", "cancelled", "skipped", "scheduled"] as const) {
      const { delivery, sid } = await queuedDelivery(clinicA.id, patient.id);
      await database.db.update(deliveries).set({ status }).where(eq(deliveries.id, delivery.id));
      const result = await applyProviderStatus(database.db, {
        source: "twilio",
        providerMessageId: sid,
        status: "delivered",
        payload: {},
        now: NOW,
      });
      expect(result).toMatchObject({ outcome: "recorded", changed: false });
      expect((await reloadDelivery(database.db, delivery.id)).status).toBe(status);
    }
  });

  it("records an event with a providerEventId once: a redelivered event changes and records nothing", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const { delivery, sid } = await queuedDelivery(clinicA.id, patient.id);
    const eventId = `msg_${randomUUID()}`;
    const params = {
      source: "twilio" as const,
      providerMessageId: sid,
      status: "sent" as const,
      payload: {},
      providerEventId: eventId,
      now: NOW,
    };
    expect(await applyProviderStatus(database.db, params)).toMatchObject({ outcome: "recorded", changed: true });
    expect(await applyProviderStatus(database.db, { ...params, status: "delivered" })).toMatchObject({ outcome: "duplicate" });
    expect(await reloadDelivery(database.db, delivery.id)).toMatchObject({ status: "sent" });
    expect(await eventsOf(delivery.id)).toHaveLength(1);
  });

  it("answers unknown_message for an id no delivery has, and never finds simulated or other-channel rows", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const { delivery, sid } = await queuedDelivery(clinicA.id, patient.id);
    expect(
      await applyProviderStatus(database.db, {
        source: "twilio",
        providerMessageId: uniqueTwilioSid(),
        status: "delivered",
        payload: {},
        now: NOW,
      }),
    ).toEqual({ outcome: "unknown_message" });
    // A Resend event cannot name a WhatsApp message.
    expect(await unsafeFindDeliveryByProviderId(database.db, { providerMessageId: sid, channels: ["email"] })).toBeNull();
    await database.db.update(deliveries).set({ simulated: true }).where(eq(deliveries.id, delivery.id));
    expect(await unsafeFindDeliveryByProviderId(database.db, { providerMessageId: sid, channels: ["whatsapp"] })).toBeNull();
  });

  describe("whatever order and repetition the callbacks arrive in", () => {
    // A message's callbacks: some of its forward steps (Twilio's words), and at most one failure.
    const progress = ["accepted", "queued", "sending", "sent", "delivered", "read"] as const;
    const failure = fc.option(
      fc.constantFrom(["failed", "30007"], ["undelivered", "30005"], ["canceled", null]) as fc.Arbitrary<[string, string | null]>,
      {
        nil: null,
      },
    );
    const callbackSets = fc
      .tuple(fc.subarray([...progress], { minLength: 1 }), failure)
      .map(([steps, failed]) => [...steps.map((s) => [s, null] as [string, string | null]), ...(failed ? [failed] : [])]);
    /** Each callback at least once, some repeated, in any order. */
    const deliveriesOfCallbacks = callbackSets.chain((set) =>
      fc
        .tuple(fc.array(fc.constantFrom(...set), { maxLength: 6 }), fc.constant(set))
        .chain(([repeats, all]) => fc.shuffledSubarray([...all, ...repeats], { minLength: all.length + repeats.length })),
    );
    /** The expected end: the highest-ranked status reported (computed without the database). */
    const expectedFinal = (callbacks: [string, string | null][]) =>
      callbacks
        .map(([status, code]) => fromTwilioStatus(status, code)!)
        .reduce((best, next) => (STATUS_RANK[next.status] > STATUS_RANK[best.status] ? next : best), {
          status: "queued" as ProviderStatus,
          errorCode: null as string | null,
        });

    it("ends in the same final status, and the rank never goes down on the way (property)", async () => {
      const { clinicA } = await createTwoClinics(database.db);
      const patient = await createPatient(database.db, { clinicId: clinicA.id });
      await fc.assert(
        fc.asyncProperty(deliveriesOfCallbacks, async (callbacks) => {
          const { delivery, sid } = await queuedDelivery(clinicA.id, patient.id);
          let rank = STATUS_RANK.queued;
          for (const [i, [status, code]] of callbacks.entries()) {
            const mapped = fromTwilioStatus(status, code)!;
            await applyProviderStatus(database.db, {
              source: "twilio",
              providerMessageId: sid,
              status: mapped.status,
              errorCode: mapped.errorCode,
              payload: { MessageStatus: status },
              now: later(i * 1000),
            });
            const now = (await reloadDelivery(database.db, delivery.id)).status as ProviderStatus;
            expect(STATUS_RANK[now]).toBeGreaterThanOrEqual(rank);
            rank = STATUS_RANK[now];
          }
          const final = await reloadDelivery(database.db, delivery.id);
          const expected = expectedFinal(callbacks);
          expect(final.status).toBe(expected.status);
          expect(final.errorCode).toBe(expected.errorCode);
          expect(await eventsOf(delivery.id)).toHaveLength(callbacks.length);
        }),
        { numRuns: 60 },
      );
    });

    it("ends in the same final status when the callbacks race each other (property; a real race on PostgreSQL)", async () => {
      const { clinicA } = await createTwoClinics(database.db);
      const patient = await createPatient(database.db, { clinicId: clinicA.id });
      await fc.assert(
        fc.asyncProperty(deliveriesOfCallbacks, async (callbacks) => {
          const { delivery, sid } = await queuedDelivery(clinicA.id, patient.id);
          await Promise.all(
            callbacks.map(([status, code]) => {
              const mapped = fromTwilioStatus(status, code)!;
              return applyProviderStatus(database.db, {
                source: "twilio",
                providerMessageId: sid,
                status: mapped.status,
                errorCode: mapped.errorCode,
                payload: {},
                now: NOW,
              });
            }),
          );
          expect((await reloadDelivery(database.db, delivery.id)).status).toBe(expectedFinal(callbacks).status);
        }),
        { numRuns: 25 },
      );
    });
  });
});

describe("what a failure leads to", () => {
  it("30003 on SMS: a retry in 30 minutes, a second one, then the next channel (email)", async () => {
    const { ctxA } = await createTwoClinics(database.db);
    const visit = await bookSentConfirmation(database.db, { ctx: ctxA, channels: { whatsapp: false, sms: true, email: true }, now: NOW });
    expect(visit.confirmation).toMatchObject({ channel: "sms", status: "queued" });
    const fail = (sid: string, at: Date) =>
      applyProviderStatus(database.db, {
        source: "twilio",
        providerMessageId: sid,
        status: "undelivered",
        errorCode: "30003",
        payload: {},
        now: at,
      });

    const first = await fail(visit.confirmation.providerMessageId!, NOW);
    expect(first).toMatchObject({ outcome: "recorded", changed: true });
    const [retry1] = first.outcome === "recorded" ? first.scheduled : [];
    expect(retry1).toMatchObject({
      channel: "sms",
      status: "scheduled",
      fallbackOfId: visit.confirmation.id,
      idempotencyKey: `${visit.confirmation.idempotencyKey}:retry:1`,
      sendAt: later(RETRY_LATER_MS),
      nextAttemptAt: later(RETRY_LATER_MS),
    });
    // The same callback again plans nothing more.
    expect(await fail(visit.confirmation.providerMessageId!, later(1000))).toMatchObject({ changed: false, scheduled: [] });

    const sent1 = await sendDelivery(database.db, { deliveryId: retry1.id, now: later(RETRY_LATER_MS) });
    const second = await fail(sent1.providerMessageId!, later(RETRY_LATER_MS + 60_000));
    const [retry2] = second.outcome === "recorded" ? second.scheduled : [];
    expect(retry2).toMatchObject({
      channel: "sms",
      fallbackOfId: retry1.id,
      idempotencyKey: `${visit.confirmation.idempotencyKey}:retry:2`,
    });

    const sent2 = await sendDelivery(database.db, { deliveryId: retry2.id, now: later(2 * RETRY_LATER_MS + 60_000) });
    const third = await fail(sent2.providerMessageId!, later(2 * RETRY_LATER_MS + 120_000));
    const [fallback] = third.outcome === "recorded" ? third.scheduled : [];
    expect(fallback).toMatchObject({ channel: "email", status: "scheduled", fallbackOfId: retry2.id });

    const chain = await confirmationChain(database.db, visit.appointmentId);
    expect(chain.map((d) => [d.channel, d.status])).toEqual([
      ["sms", "undelivered"],
      ["sms", "undelivered"],
      ["sms", "undelivered"],
      ["email", "scheduled"],
    ]);
    // A transient failure says nothing about the number.
    const [patient] = await database.db.select().from(patients).where(eq(patients.id, visit.patient.id));
    expect(patient.smsReachability).toBe("unknown");
  });

  it("30003 on an SMS fallback counts its retries from the fallback, not from the WhatsApp message", async () => {
    const { ctxA } = await createTwoClinics(database.db);
    const visit = await bookSentConfirmation(database.db, { ctx: ctxA, channels: { whatsapp: true, sms: true, email: false }, now: NOW });
    const notOnWhatsapp = await applyProviderStatus(database.db, {
      source: "twilio",
      providerMessageId: visit.confirmation.providerMessageId!,
      status: "failed",
      errorCode: "63003",
      payload: {},
      now: NOW,
    });
    const [sms] = notOnWhatsapp.outcome === "recorded" ? notOnWhatsapp.scheduled : [];
    expect(sms).toMatchObject({ channel: "sms", idempotencyKey: `${visit.confirmation.idempotencyKey}:fallback:sms` });
    const sentSms = await sendDelivery(database.db, { deliveryId: sms.id, now: later(1000) });
    const retried = await applyProviderStatus(database.db, {
      source: "twilio",
      providerMessageId: sentSms.providerMessageId!,
      status: "undelivered",
      errorCode: "30008",
      payload: {},
      now: later(2000),
    });
    expect(retried.outcome === "recorded" ? retried.scheduled : []).toEqual([
      expect.objectContaining({ channel: "sms", fallbackOfId: sms.id, idempotencyKey: `${sms.idempotencyKey}:retry:1` }),
    ]);
  });

  it("63016 (not a template): failed with its code and an alert in the log, nothing else", async () => {
    const { ctxA } = await createTwoClinics(database.db);
    const visit = await bookSentConfirmation(database.db, { ctx: ctxA, channels: { whatsapp: true, sms: true, email: true }, now: NOW });
    const logged = captureLog("error");
    const result = await applyProviderStatus(database.db, {
      source: "twilio",
      providerMessageId: visit.confirmation.providerMessageId!,
      status: "failed",
      errorCode: "63016",
      payload: {},
      now: NOW,
    });
    logged.restore();
    expect(result).toMatchObject({ outcome: "recorded", changed: true, scheduled: [] });
    expect(logged.entries()).toEqual([
      expect.objectContaining({
        level: "error",
        event: "provider_status.config_error",
        deliveryId: visit.confirmation.id,
        errorCode: "63016",
      }),
    ]);
    expect(logged.text()).not.toContain(visit.patient.phone);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toMatchObject({ status: "failed", errorCode: "63016" });
    expect(await confirmationChain(database.db, visit.appointmentId)).toHaveLength(1);
    const [patient] = await database.db.select().from(patients).where(eq(patients.id, visit.patient.id));
    expect(patient).toMatchObject({ whatsappReachability: "unknown", whatsappOptedOutAt: null });
  });

  it("63014 (blocked by the patient) opts the patient out of WhatsApp in their clinic only", async () => {
    const { ctxA } = await createTwoClinics(database.db);
    const visit = await bookSentConfirmation(database.db, { ctx: ctxA, channels: { whatsapp: true, sms: false, email: false }, now: NOW });
    await applyProviderStatus(database.db, {
      source: "twilio",
      providerMessageId: visit.confirmation.providerMessageId!,
      status: "failed",
      errorCode: "63014",
      payload: {},
      now: NOW,
    });
    const [patient] = await database.db
      .select()
      .from(patients)
      .where(and(eq(patients.id, visit.patient.id), eq(patients.clinicId, ctxA.clinicId)));
    expect(patient).toMatchObject({ whatsappOptedOutAt: NOW, whatsappOptOutSource: "provider" });
  });
});
