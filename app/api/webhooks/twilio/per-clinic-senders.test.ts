import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { setupServer } from "msw/node";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { deliveries, deliveryEvents, inboundMessages } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { resetEnvCache } from "@/lib/env";
import { log } from "@/lib/log";
import { BOOKED_AT, PUBLIC_BASE_URL, captureTwilio, dispatchDeps, env, sid, twoOwnSenders } from "@/lib/messaging/test-fixtures";
import { dispatchDelivery } from "@/lib/notifications/dispatch";
import { POST as inboundPOST } from "./inbound/route";
import { POST as statusPOST } from "./status/route";

// Twilio's webhooks for two clinics with their own accounts: verified with the right clinic's token, routed to its patients.
const server = setupServer();
let database: Database;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  database = await openTestDatabase();
  setDatabaseForTesting(database);
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  setDatabaseForTesting(undefined);
  await database.close();
});

describe("webhooks with each clinic's own credentials", () => {
  const ENV_KEYS = ["TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL", "INNGEST_EVENT_KEY", "INNGEST_DEV"] as const;
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  beforeEach(() => {
    process.env.TWILIO_AUTH_TOKEN = env.TWILIO_AUTH_TOKEN;
    process.env.PUBLIC_BASE_URL = PUBLIC_BASE_URL;
    delete process.env.INNGEST_EVENT_KEY;
    delete process.env.INNGEST_DEV;
    resetEnvCache();
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(BOOKED_AT.getTime() + 3_600_000) });
    for (const level of ["info", "warn", "error", "debug"] as const) vi.spyOn(log, level).mockImplementation(() => undefined as never);
  });
  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    resetEnvCache();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const post = (handler: (r: Request) => Promise<Response>, path: string, form: Record<string, string>, token: string) =>
    handler(
      new Request(`http://localhost:3000${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": getExpectedTwilioSignature(token, `${PUBLIC_BASE_URL}${path}`, form),
        },
        body: new URLSearchParams(form).toString(),
      }),
    );
  const INBOUND = "/api/webhooks/twilio/inbound";
  const STATUS = "/api/webhooks/twilio/status";
  const reply = (params: { accountSid: string; to: string; from: string; body: string }) => ({
    MessageSid: sid("SM"),
    AccountSid: params.accountSid,
    From: `whatsapp:+521${params.from.slice(3)}`,
    To: `whatsapp:${params.to}`,
    Body: params.body,
    WaId: `521${params.from.slice(3)}`,
    NumMedia: "0",
  });

  it("a reply to B's number reaches B's patient only, though A's patient has the same phone and was written to last", async () => {
    const t = await twoOwnSenders(database.db);
    const visitB = await t.book(t.ctxB, t.patientB.id, t.doctorB.id, "2026-11-28T10:00");
    const visitA = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-28T09:00");
    captureTwilio(server);
    expect(await dispatchDelivery(dispatchDeps(database.db), visitA.delivery("whatsapp").id)).toBe("sent");
    const response = await post(
      inboundPOST,
      INBOUND,
      reply({ accountSid: t.b.accountSid, to: t.b.whatsappFrom!, from: t.phone, body: "1" }),
      t.b.authToken,
    );
    expect(response.status).toBe(200);
    const stored = await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, t.patientB.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ clinicId: t.clinicB.id, intent: "confirm", appointmentId: visitB.appointmentId });
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, t.patientA.id))).toEqual([]);
    expect(visitA.appointmentId).not.toBe(visitB.appointmentId);
  });

  it("a reply to Luna's shared number never reaches a patient of a clinic with its own sender", async () => {
    const t = await twoOwnSenders(database.db);
    const response = await post(
      inboundPOST,
      INBOUND,
      reply({ accountSid: env.TWILIO_ACCOUNT_SID, to: "+525500000000", from: t.phone, body: "BAJA" }),
      env.TWILIO_AUTH_TOKEN,
    );
    expect(response.status).toBe(200);
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, t.patientA.id))).toEqual([]);
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, t.patientB.id))).toEqual([]);
  });

  it("a request naming B's account signed with A's token (or Luna's) is refused, and changes nothing", async () => {
    const t = await twoOwnSenders(database.db);
    const form = reply({ accountSid: t.b.accountSid, to: t.b.whatsappFrom!, from: t.phone, body: "BAJA" });
    expect((await post(inboundPOST, INBOUND, form, t.a.authToken)).status).toBe(403);
    expect((await post(inboundPOST, INBOUND, form, env.TWILIO_AUTH_TOKEN)).status).toBe(403);
    const status = { MessageSid: sid("SM"), AccountSid: t.b.accountSid, MessageStatus: "delivered" };
    expect((await post(statusPOST, STATUS, status, t.a.authToken)).status).toBe(403);
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, t.patientB.id))).toEqual([]);
  });

  it("a status callback is applied with the sending clinic's token, and B's account cannot move A's message", async () => {
    const t = await twoOwnSenders(database.db);
    const visitA = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-28T12:00");
    captureTwilio(server);
    expect(await dispatchDelivery(dispatchDeps(database.db), visitA.delivery("whatsapp").id)).toBe("sent");
    const [sent] = await database.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.id, visitA.delivery("whatsapp").id));
    const messageSid = sent.providerMessageId!;

    const fromB = { MessageSid: messageSid, AccountSid: t.b.accountSid, MessageStatus: "failed", ErrorCode: "63016" };
    expect((await post(statusPOST, STATUS, fromB, t.b.authToken)).status).toBe(200);
    expect((await database.db.select().from(deliveries).where(eq(deliveries.id, sent.id)))[0].status).toBe("queued");
    expect(
      await database.db
        .select()
        .from(deliveryEvents)
        .where(and(eq(deliveryEvents.deliveryId, sent.id), eq(deliveryEvents.source, "twilio"))),
    ).toEqual([]);

    const fromA = { MessageSid: messageSid, AccountSid: t.a.accountSid, MessagingServiceSid: t.a.serviceSid!, MessageStatus: "delivered" };
    expect((await post(statusPOST, STATUS, fromA, t.a.authToken)).status).toBe(200);
    expect((await database.db.select().from(deliveries).where(eq(deliveries.id, sent.id)))[0].status).toBe("delivered");
  });
});
