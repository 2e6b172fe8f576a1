import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { asc, eq } from "drizzle-orm";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { deliveries, deliveryEvents, patients } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import { resetEnvCache } from "@/lib/env";
import { bookSentConfirmation, confirmationChain, reloadDelivery, uniqueTwilioSid } from "@/lib/notifications/testing/sent-visit";
import { twilioCallbackEventId } from "@/lib/webhooks/twilio-signature";
import { GET, POST } from "./route";
import { log } from "@/lib/log";

const TOKEN = "twilio-auth-token-for-tests";
const PUBLIC_BASE_URL = "https://luna.example.mx";
const PATH = "/api/webhooks/twilio/status";
/** What the app sees behind the TLS-terminating proxy. */
const INTERNAL_URL = `http://localhost:3000${PATH}`;
const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;

const ENV_KEYS = ["TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL", "INNGEST_EVENT_KEY", "INNGEST_DEV"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
beforeEach(() => {
  setDatabaseForTesting(database);
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  process.env.PUBLIC_BASE_URL = PUBLIC_BASE_URL;
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  resetEnvCache();
});
afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  resetEnvCache();
  setDatabaseForTesting(undefined);
  vi.restoreAllMocks();
});
afterAll(async () => {
  await database.close();
});

/** The form Twilio posts for a WhatsApp message's status change. */
function statusForm(sid: string, status: string, extra: Record<string, string> = {}) {
  return {
    MessageSid: sid,
    SmsSid: sid,
    SmsStatus: status,
    MessageStatus: status,
    AccountSid: ACCOUNT_SID,
    From: "whatsapp:+525500000000",
    To: "whatsapp:+525512345678",
    ApiVersion: "2010-04-01",
    ChannelPrefix: "whatsapp",
    ...extra,
  };
}

function callback(
  form: Record<string, string>,
  options: { signedUrl?: string; token?: string; signature?: string | null; requestUrl?: string; body?: string } = {},
) {
  const signature =
    options.signature === undefined
      ? getExpectedTwilioSignature(options.token ?? TOKEN, options.signedUrl ?? `${PUBLIC_BASE_URL}${PATH}`, form)
      : options.signature;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  return new Request(options.requestUrl ?? INTERNAL_URL, {
    method: "POST",
    headers,
    body: options.body ?? new URLSearchParams(form).toString(),
  });
}

const eventsOf = (deliveryId: string) =>
  database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, deliveryId)).orderBy(asc(deliveryEvents.id));

async function sentWhatsapp(channels = { whatsapp: true, sms: true, email: true }) {
  const { ctxA } = await createTwoClinics(database.db);
  return bookSentConfirmation(database.db, { ctx: ctxA, channels, now: new Date() });
}

describe("POST /api/webhooks/twilio/status", () => {
  it("applies a signed callback and answers with empty TwiML", async () => {
    const visit = await sentWhatsapp();
    const sid = visit.confirmation.providerMessageId!;
    const response = await POST(callback(statusForm(sid, "delivered")));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/xml");
    expect(await response.text()).toBe("<Response/>");
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toMatchObject({ status: "delivered" });
    const events = await eventsOf(visit.confirmation.id);
    expect(events.at(-1)).toMatchObject({ status: "delivered", source: "twilio", payload: statusForm(sid, "delivered") });
  });

  it("records a callback once however often it is replayed: same, other or no I-Twilio-Idempotency-Token", async () => {
    const visit = await sentWhatsapp();
    const sid = visit.confirmation.providerMessageId!;
    const replay = (status: string, token: string | null) => {
      const request = callback(statusForm(sid, status));
      if (token) request.headers.set("i-twilio-idempotency-token", token);
      return request;
    };
    const token = `idem-${uniqueTwilioSid()}`;
    for (const copy of [token, token, null, null, `other-${uniqueTwilioSid()}`]) {
      expect((await POST(replay("sent", copy))).status).toBe(200);
    }
    // Another status (another signed body) is a new event, under any token.
    expect((await POST(replay("delivered", token))).status).toBe(200);
    expect((await POST(replay("delivered", null))).status).toBe(200);
    const events = (await eventsOf(visit.confirmation.id)).filter((e) => e.source === "twilio");
    expect(events.map((e) => e.status)).toEqual(["sent", "delivered"]);
    expect(events[0].providerEventId).toMatch(/^form:[0-9a-f]{64}$/);
    expect(events[0].providerEventId).not.toBe(events[1].providerEventId);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toMatchObject({ status: "delivered" });
  });

  it("keys a callback on every signed parameter, in any order", () => {
    const form = statusForm(uniqueTwilioSid(), "failed", { ErrorCode: "30003" });
    const reordered = Object.fromEntries(Object.entries(form).reverse());
    expect(twilioCallbackEventId(reordered)).toBe(twilioCallbackEventId(form));
    expect(twilioCallbackEventId({ ...form, ErrorCode: "30008" })).not.toBe(twilioCallbackEventId(form));
    expect(twilioCallbackEventId({ ...form, Extra: "" })).not.toBe(twilioCallbackEventId(form));
  });

  it("verifies against the public URL including its query string", async () => {
    const visit = await sentWhatsapp();
    const form = statusForm(visit.confirmation.providerMessageId!, "read");
    const response = await POST(
      callback(form, { signedUrl: `${PUBLIC_BASE_URL}${PATH}?clinic=a`, requestUrl: `${INTERNAL_URL}?clinic=a` }),
    );
    expect(response.status).toBe(200);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toMatchObject({ status: "read" });
  });

  describe("refuses with 403 and changes nothing", () => {
    const cases: [string, (form: Record<string, string>) => Request][] = [
      ["a forged signature (another token)", (form) => callback(form, { token: "not-the-token" })],
      ["a missing signature", (form) => callback(form, { signature: null })],
      ["an empty signature", (form) => callback(form, { signature: "" })],
      ["a signature for the URL the app sees (http://localhost:3000)", (form) => callback(form, { signedUrl: INTERNAL_URL })],
      ["a signature for the URL without its query", (form) => callback(form, { requestUrl: `${INTERNAL_URL}?clinic=a` })],
      [
        "a tampered parameter",
        (form) =>
          callback(form, { signature: getExpectedTwilioSignature(TOKEN, `${PUBLIC_BASE_URL}${PATH}`, { ...form, MessageStatus: "sent" }) }),
      ],
      ["an added parameter", (form) => callback(form, { body: new URLSearchParams({ ...form, ErrorCode: "63003" }).toString() })],
    ];
    it.each(cases)("%s", async (_name, build) => {
      const visit = await sentWhatsapp();
      const before = await eventsOf(visit.confirmation.id);
      const form = statusForm(visit.confirmation.providerMessageId!, "failed", { ErrorCode: "63016" });
      const response = await POST(build(form));
      expect(response.status).toBe(403);
      expect(await response.text()).not.toMatch(/at |Error/);
      expect(await reloadDelivery(database.db, visit.confirmation.id)).toEqual(visit.confirmation);
      expect(await eventsOf(visit.confirmation.id)).toEqual(before);
    });
  });

  it("answers 503 and changes nothing when the auth token or the public URL is not configured", async () => {
    const visit = await sentWhatsapp();
    const request = () => callback(statusForm(visit.confirmation.providerMessageId!, "delivered"));
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    delete process.env.TWILIO_AUTH_TOKEN;
    resetEnvCache();
    expect((await POST(request())).status).toBe(503);
    process.env.TWILIO_AUTH_TOKEN = TOKEN;
    delete process.env.PUBLIC_BASE_URL;
    resetEnvCache();
    expect((await POST(request())).status).toBe(503);
    expect(logged).toHaveBeenCalledTimes(2);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toEqual(visit.confirmation);
  });

  it("answers 413 to a body over 64 KB, 400 to a body that is not a status callback, 405 to GET", async () => {
    const big = statusForm(uniqueTwilioSid(), "delivered", { Padding: "x".repeat(70 * 1024) });
    expect((await POST(callback(big))).status).toBe(413);
    const chunked = new Request(INTERNAL_URL, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("a".repeat(4096)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect((await POST(chunked)).status).toBe(413);

    const json = new Request(INTERNAL_URL, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect((await POST(json)).status).toBe(400);
    const noSid = { MessageStatus: "delivered", AccountSid: ACCOUNT_SID };
    expect((await POST(callback(noSid))).status).toBe(400);
    const repeated = `${new URLSearchParams(statusForm(uniqueTwilioSid(), "delivered"))}&MessageStatus=read`;
    expect((await POST(callback(statusForm(uniqueTwilioSid(), "delivered"), { body: repeated }))).status).toBe(400);
    const badCode = statusForm(uniqueTwilioSid(), "failed", { ErrorCode: "63003; drop table" });
    expect((await POST(callback(badCode))).status).toBe(400);

    const get = GET();
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("acknowledges an unknown MessageSid (200), changes nothing and logs the sid only", async () => {
    const visit = await sentWhatsapp();
    const warned = vi.spyOn(log, "warn").mockImplementation(() => {});
    const sid = uniqueTwilioSid();
    const before = await database.db
      .select({ id: deliveryEvents.id })
      .from(deliveryEvents)
      .where(eq(deliveryEvents.clinicId, visit.confirmation.clinicId));
    const response = await POST(callback(statusForm(sid, "delivered")));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("<Response/>");
    expect(warned).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warned.mock.calls[0])).toContain(sid);
    expect(JSON.stringify(warned.mock.calls[0])).not.toMatch(/\+52/);
    const after = await database.db
      .select({ id: deliveryEvents.id })
      .from(deliveryEvents)
      .where(eq(deliveryEvents.clinicId, visit.confirmation.clinicId));
    expect(after).toEqual(before);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toEqual(visit.confirmation);
  });

  it("acknowledges statuses that are not about an outbound message, recording nothing", async () => {
    const visit = await sentWhatsapp();
    const before = await eventsOf(visit.confirmation.id);
    const response = await POST(callback(statusForm(visit.confirmation.providerMessageId!, "received")));
    expect(response.status).toBe(200);
    expect(await eventsOf(visit.confirmation.id)).toEqual(before);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toEqual(visit.confirmation);
  });

  it("answers 500 without details, and logs no phone number, when the database fails", async () => {
    const failing = {
      kind: "postgres",
      close: async () => {},
      db: new Proxy(
        {},
        {
          get() {
            const error = new Error('Failed query: select … params: {"To":"whatsapp:+525512345678"}');
            throw Object.assign(new Error("DrizzleQueryError"), {
              name: "DrizzleQueryError",
              cause: Object.assign(error, { code: "57P01" }),
            });
          },
        },
      ),
    } as unknown as Database;
    setDatabaseForTesting(failing);
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const response = await POST(callback(statusForm(uniqueTwilioSid(), "delivered")));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Error");
    expect(logged).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(logged.mock.calls[0])).toContain("57P01");
    expect(JSON.stringify(logged.mock.calls[0])).not.toContain("+52");
  });

  describe("63003 (not on WhatsApp)", () => {
    it("plans exactly one SMS fallback, chained to the WhatsApp message; the repeated callback plans none", async () => {
      const visit = await sentWhatsapp({ whatsapp: true, sms: true, email: true });
      const form = statusForm(visit.confirmation.providerMessageId!, "failed", {
        ErrorCode: "63003",
        ChannelStatusMessage: "not a WhatsApp user",
      });
      expect((await POST(callback(form))).status).toBe(200);
      expect((await POST(callback(form))).status).toBe(200);

      const chain = await confirmationChain(database.db, visit.appointmentId);
      expect(chain.map((d) => [d.channel, d.status, d.fallbackOfId])).toEqual([
        ["whatsapp", "failed", null],
        ["sms", "scheduled", visit.confirmation.id],
      ]);
      expect(chain[0].errorCode).toBe("63003");
      expect(chain[1].idempotencyKey).toBe(`${visit.confirmation.idempotencyKey}:fallback:sms`);
      const [patient] = await database.db.select().from(patients).where(eq(patients.id, visit.patient.id));
      expect(patient.whatsappReachability).toBe("no");
      expect(await eventsOf(visit.confirmation.id)).toEqual(
        expect.arrayContaining([expect.objectContaining({ status: "failed", errorCode: "63003", source: "twilio" })]),
      );
    });

    it("falls back to email when the clinic does not send this message by SMS", async () => {
      const visit = await sentWhatsapp({ whatsapp: true, sms: false, email: true });
      const form = statusForm(visit.confirmation.providerMessageId!, "undelivered", { ErrorCode: "63024" });
      expect((await POST(callback(form))).status).toBe(200);
      // Twilio's later "sent" for the same message changes nothing.
      expect((await POST(callback(statusForm(visit.confirmation.providerMessageId!, "sent")))).status).toBe(200);
      const chain = await confirmationChain(database.db, visit.appointmentId);
      expect(chain.map((d) => [d.channel, d.status, d.fallbackOfId])).toEqual([
        ["whatsapp", "undelivered", null],
        ["email", "scheduled", visit.confirmation.id],
      ]);
      const rows = await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, visit.confirmation.id));
      expect(rows).toHaveLength(1);
    });
  });
});
