import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { asc, eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { Database } from "@/db/client";
import { deliveries, deliveryEvents } from "@/db/schema";
import type { Env } from "@/lib/env";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import { getTransports } from "./channels";
import { reconcileStaleDeliveries } from "./reconcile";
import { bookSentConfirmation, confirmationChain, reloadDelivery } from "./testing/sent-visit";
import { log } from "@/lib/log";

// The real twilio SDK asks for the message; msw answers for Twilio.
const ACCOUNT_SID = `AC${"fedcba9876543210".repeat(2)}`;
const MESSAGE_URL = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/:sid.json`;
const env = {
  NODE_ENV: "test",
  PGLITE_DIR: ".data/pglite",
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: "secret-token",
  TWILIO_MESSAGING_SERVICE_SID: `MG${"a".repeat(32)}`,
} satisfies Env;

const server = setupServer();
let database: Database;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  database = await openTestDatabase();
});
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(async () => {
  server.close();
  await database.close();
});

const SENT_AT = new Date("2026-11-25T16:00:00Z");
const minutes = (n: number) => new Date(SENT_AT.getTime() + n * 60_000);

/** Twilio's Message resource as the API returns it (snake_case). */
function twilioMessage(sid: string, status: string, errorCode: number | null = null) {
  return { sid, account_sid: ACCOUNT_SID, status, error_code: errorCode, error_message: null, direction: "outbound-api", body: "" };
}

/** Answers each message lookup with `statusOf(sid)` and remembers which SIDs were asked about. */
function twilioAnswers(statusOf: (sid: string) => { status: string; errorCode?: number } | number) {
  const asked: string[] = [];
  server.use(
    http.get(MESSAGE_URL, ({ params }) => {
      const sid = String(params.sid);
      asked.push(sid);
      const answer = statusOf(sid);
      if (typeof answer === "number") {
        return HttpResponse.json({ code: 20404, message: "The requested resource was not found", status: answer }, { status: answer });
      }
      return HttpResponse.json(twilioMessage(sid, answer.status, answer.errorCode ?? null));
    }),
  );
  return asked;
}

const deps = () => ({ db: database.db, transports: getTransports({ ...env }) });

async function sentVisits() {
  const s = await createTwoClinics(database.db);
  const a = await bookSentConfirmation(database.db, { ctx: s.ctxA, channels: { whatsapp: true, sms: true, email: true }, now: SENT_AT });
  const b = await bookSentConfirmation(database.db, { ctx: s.ctxB, channels: { whatsapp: true, sms: true, email: true }, now: SENT_AT });
  return { ...s, a, b, clinicIds: [s.clinicA.id, s.clinicB.id] };
}

const reconcileEventsOf = async (deliveryId: string) =>
  (await database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, deliveryId)).orderBy(asc(deliveryEvents.id))).filter(
    (e) => e.source === "reconcile",
  );

describe("reconcileStaleDeliveries", () => {
  it("a queued WhatsApp message Twilio has delivered becomes delivered; fresh and final ones are not asked about", async () => {
    const { a, b, clinicIds } = await sentVisits();
    // b's message got its "read" callback: final enough, not asked about.
    await database.db.update(deliveries).set({ status: "read" }).where(eq(deliveries.id, b.confirmation.id));
    const asked = twilioAnswers(() => ({ status: "delivered" }));

    // 10 minutes after the send nothing is stale yet.
    expect(await reconcileStaleDeliveries(deps(), { now: minutes(10), clinicIds })).toMatchObject({ checked: 0 });
    expect(asked).toEqual([]);

    const result = await reconcileStaleDeliveries(deps(), { now: minutes(20), clinicIds });
    expect(result).toMatchObject({ checked: 1, changed: 1, failedLookups: 0, scheduled: [] });
    expect(asked).toEqual([a.confirmation.providerMessageId]);
    expect(await reloadDelivery(database.db, a.confirmation.id)).toMatchObject({ status: "delivered", updatedAt: minutes(20) });
    expect(await reconcileEventsOf(a.confirmation.id)).toEqual([
      expect.objectContaining({
        status: "delivered",
        occurredAt: minutes(20),
        payload: { MessageSid: a.confirmation.providerMessageId, MessageStatus: "delivered", ErrorCode: null },
      }),
    ]);
  });

  it("asks again only after half the message's age, and stops after 72 hours", async () => {
    const { a, clinicIds } = await sentVisits();
    const asked = twilioAnswers(() => ({ status: "sent" }));
    await reconcileStaleDeliveries(deps(), { now: minutes(20), clinicIds });
    expect(await reloadDelivery(database.db, a.confirmation.id)).toMatchObject({ status: "sent" });
    await reconcileStaleDeliveries(deps(), { now: minutes(21), clinicIds });
    await reconcileStaleDeliveries(deps(), { now: minutes(36), clinicIds });
    // The b clinic's message is asked about too; count a's lookups only.
    const ofA = () => asked.filter((sid) => sid === a.confirmation.providerMessageId).length;
    expect(ofA()).toBe(1);
    await reconcileStaleDeliveries(deps(), { now: minutes(45), clinicIds });
    expect(ofA()).toBe(2);
    await reconcileStaleDeliveries(deps(), { now: minutes(73 * 60), clinicIds });
    expect(ofA()).toBe(2);
    expect(await reconcileEventsOf(a.confirmation.id)).toHaveLength(2);
  });

  it("a message found failed with 63003 gets its SMS fallback, returned for the driver", async () => {
    const { a, b, clinicIds } = await sentVisits();
    twilioAnswers((sid) => (sid === a.confirmation.providerMessageId ? { status: "undelivered", errorCode: 63003 } : { status: "read" }));
    const result = await reconcileStaleDeliveries(deps(), { now: minutes(20), clinicIds });
    expect(result).toMatchObject({ checked: 2, changed: 2 });
    expect(result.scheduled).toEqual([expect.objectContaining({ channel: "sms", fallbackOfId: a.confirmation.id, status: "scheduled" })]);
    expect((await confirmationChain(database.db, a.appointmentId)).map((d) => [d.channel, d.status, d.errorCode])).toEqual([
      ["whatsapp", "undelivered", "63003"],
      ["sms", "scheduled", null],
    ]);
    expect(await reloadDelivery(database.db, b.confirmation.id)).toMatchObject({ status: "read" });
  });

  it("a failed lookup is logged by id and recorded, the others go on, and it is not retried at once", async () => {
    const { a, b, clinicIds } = await sentVisits();
    const asked = twilioAnswers((sid) => (sid === a.confirmation.providerMessageId ? 404 : { status: "delivered" }));
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const result = await reconcileStaleDeliveries(deps(), { now: minutes(20), clinicIds });
    expect(result).toMatchObject({ checked: 2, changed: 1, failedLookups: 1 });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(logged.mock.calls[0])).toContain(a.confirmation.id);
    expect(JSON.stringify(logged.mock.calls[0])).toContain("20404");
    expect(await reloadDelivery(database.db, a.confirmation.id)).toMatchObject({ status: "queued" });
    expect(await reconcileEventsOf(a.confirmation.id)).toEqual([
      expect.objectContaining({ status: "queued", errorCode: "status_lookup_failed" }),
    ]);
    expect(await reloadDelivery(database.db, b.confirmation.id)).toMatchObject({ status: "delivered" });
    await reconcileStaleDeliveries(deps(), { now: minutes(21), clinicIds });
    expect(asked).toHaveLength(2);
  });

  it("does nothing without Twilio (outbox), and only within the clinics it is given", async () => {
    const { a, clinicA } = await sentVisits();
    const asked = twilioAnswers(() => ({ status: "delivered" }));
    const outbox = { db: database.db, transports: getTransports({ NODE_ENV: "test", PGLITE_DIR: ".data/pglite" }) };
    expect(await reconcileStaleDeliveries(outbox, { now: minutes(20), clinicIds: [clinicA.id] })).toMatchObject({ checked: 0 });
    const result = await reconcileStaleDeliveries(deps(), { now: minutes(20), clinicIds: [clinicA.id] });
    expect(result.checked).toBe(1);
    expect(asked).toEqual([a.confirmation.providerMessageId]);
  });
});
