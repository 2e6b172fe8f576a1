import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { auditLog, clinicMessaging, deliveries, deliveryEvents, inboundMessages } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext, uniqueMxPhone } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import type { StaffContext } from "@/lib/auth/context";
import { resetEnvCache, type Env } from "@/lib/env";
import { log } from "@/lib/log";
import { getTransports } from "@/lib/notifications/channels";
import { dispatchDelivery, type DispatchDeps } from "@/lib/notifications/dispatch";
import { setNotificationChannel } from "@/lib/notifications/settings";
import { listTemplates } from "@/lib/notifications/templates/catalog";
import { POST as inboundPOST } from "@/app/api/webhooks/twilio/inbound/route";
import { POST as statusPOST } from "@/app/api/webhooks/twilio/status/route";
import { getMessagingSettings, missingTemplateKeys, updateMessagingSettings } from "./clinic-messaging";
import { createClinicSenders } from "./clinic-transports";
import { decryptSecret, encryptSecret, secretsKey } from "./secrets";

// Two clinics with their own Twilio accounts; the real twilio SDK makes the requests and msw answers.
const hex = (n: number) => randomBytes(n / 2).toString("hex");
const sid = (prefix: string) => `${prefix}${hex(32)}`;
const CONFIRMATION_KEY = "booking_confirmation.in_person.es";
const PUBLIC_BASE_URL = "https://luna.example.mx";
const BOOKED_AT = new Date("2026-11-25T16:00:00Z");

const env = {
  NODE_ENV: "test",
  PGLITE_DIR: ".data/pglite",
  // Luna's shared sender: it must never carry an own clinic's message.
  TWILIO_ACCOUNT_SID: `AC${"f".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "f".repeat(32),
  TWILIO_MESSAGING_SERVICE_SID: `MG${"f".repeat(32)}`,
  PUBLIC_BASE_URL,
} satisfies Env;

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

interface OwnSenderFixture {
  accountSid: string;
  authToken: string;
  serviceSid?: string;
  whatsappFrom?: string;
  smsFrom?: string;
  confirmationSid?: string;
}

async function giveOwnSender(ctx: StaffContext, own: OwnSenderFixture) {
  const result = await updateMessagingSettings(database.db, ctx, {
    input: {
      mode: "own",
      accountSid: own.accountSid,
      authToken: own.authToken,
      messagingServiceSid: own.serviceSid ?? "",
      whatsappFrom: own.whatsappFrom ?? "",
      smsFrom: own.smsFrom ?? "",
      contentSids: own.confirmationSid ? { [CONFIRMATION_KEY]: own.confirmationSid } : {},
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
}

/** Two clinics, an admin and a doctor in each, and one phone number that is a patient of both. */
async function twoOwnSenders(params: { channels?: ("whatsapp" | "sms")[]; bConfirmationSid?: boolean } = {}) {
  const s = await createTwoClinics(database.db, "admin");
  const a: OwnSenderFixture = { accountSid: sid("AC"), authToken: hex(32), serviceSid: sid("MG"), confirmationSid: sid("HX") };
  const b: OwnSenderFixture = {
    accountSid: sid("AC"),
    authToken: hex(32),
    whatsappFrom: uniqueMxPhone(),
    smsFrom: uniqueMxPhone(),
    confirmationSid: params.bConfirmationSid === false ? undefined : sid("HX"),
  };
  await giveOwnSender(s.ctxA, a);
  await giveOwnSender(s.ctxB, b);
  const phone = uniqueMxPhone();
  const doctorA = await createStaff(database.db, { clinicId: s.clinicA.id, role: "doctor", name: "Dr. García" });
  const doctorB = await createStaff(database.db, { clinicId: s.clinicB.id, role: "doctor", name: "Dra. López" });
  const patientA = await createPatient(database.db, { clinicId: s.clinicA.id, firstName: "Ana", phone });
  const patientB = await createPatient(database.db, { clinicId: s.clinicB.id, firstName: "Berta", phone });
  const channels = params.channels ?? ["whatsapp"];
  for (const clinicId of [s.clinicA.id, s.clinicB.id]) {
    for (const c of ["whatsapp", "sms", "email"] as const) {
      await setNotificationChannel(database.db, {
        clinicId,
        notificationType: "booking_confirmation",
        channel: c,
        enabled: (channels as string[]).includes(c),
      });
    }
  }
  async function book(ctx: StaffContext, patientId: string, doctorId: string, startsAt: string) {
    const result = await bookAppointment(database.db, ctx, {
      input: { patientId, doctorId, startsAt, durationMinutes: 30, kind: "in_person" },
      now: BOOKED_AT,
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const rows = await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, result.appointmentId));
    return { appointmentId: result.appointmentId, delivery: (c: string) => rows.find((d) => d.channel === c)! };
  }
  return { ...s, a, b, phone, doctorA, doctorB, patientA, patientB, book };
}

const messagesUrl = (accountSid: string) => `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Messages.json`;
const basicAuth = (own: OwnSenderFixture) => `Basic ${Buffer.from(`${own.accountSid}:${own.authToken}`).toString("base64")}`;

interface Captured {
  url: string;
  authorization: string | null;
  form: URLSearchParams;
}

/** Answers Twilio's Messages API for every account, recording each request. */
function captureTwilio() {
  const captured: Captured[] = [];
  server.use(
    http.post("https://api.twilio.com/2010-04-01/Accounts/:account/Messages.json", async ({ request }) => {
      captured.push({ url: request.url, authorization: request.headers.get("authorization"), form: new URLSearchParams(await request.text()) });
      return HttpResponse.json({ sid: sid("SM"), status: "accepted" }, { status: 201 });
    }),
  );
  return captured;
}

const deps = (): DispatchDeps => ({
  db: database.db,
  transports: getTransports({ ...env }),
  senders: createClinicSenders({ db: database.db, env: { ...env } }),
  now: () => BOOKED_AT,
  backoffMs: () => 30_000,
});

describe("secrets", () => {
  it("round-trips a token with AES-256-GCM, bound to its clinic; tampering or another clinic fails", () => {
    const key = secretsKey({ ...env });
    const clinicId = "c0a80101-0000-4000-8000-000000000001";
    const encrypted = encryptSecret({ plaintext: "0123456789abcdef0123456789abcdef", clinicId, key });
    expect(encrypted).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(encrypted).not.toContain("0123456789abcdef");
    // A fresh IV every time.
    expect(encryptSecret({ plaintext: "0123456789abcdef0123456789abcdef", clinicId, key })).not.toBe(encrypted);
    expect(decryptSecret({ encrypted, clinicId, key })).toBe("0123456789abcdef0123456789abcdef");
    expect(() => decryptSecret({ encrypted, clinicId: "c0a80101-0000-4000-8000-000000000002", key })).toThrow();
    const flipped = encrypted.slice(0, -2) + (encrypted.endsWith("A") ? "BB" : "AA");
    expect(() => decryptSecret({ encrypted: flipped, clinicId, key })).toThrow();
    expect(() => decryptSecret({ encrypted, clinicId, key: secretsKey({ ...env, LUNA_SECRETS_KEY: "a".repeat(64) }) })).toThrow();
  });

  it("takes LUNA_SECRETS_KEY as 64 hex digits or 32 bytes of base64, and is required in production", () => {
    expect(secretsKey({ ...env, LUNA_SECRETS_KEY: "ab".repeat(32) })).toEqual(Buffer.from("ab".repeat(32), "hex"));
    expect(secretsKey({ ...env, LUNA_SECRETS_KEY: Buffer.alloc(32, 7).toString("base64") })).toEqual(Buffer.alloc(32, 7));
    expect(() => secretsKey({ ...env, LUNA_SECRETS_KEY: "too-short-but-32-characters-long" })).toThrow(/32 bytes/);
    expect(() => secretsKey({ ...env, NODE_ENV: "production" })).toThrow(/LUNA_SECRETS_KEY is required/);
  });
});

describe("Settings → WhatsApp and SMS", () => {
  it("stores the token encrypted, shows only its last four, and audits names, never values", async () => {
    const s = await createTwoClinics(database.db, "admin");
    const token = hex(32);
    const accountSid = sid("AC");
    const result = await updateMessagingSettings(database.db, s.ctxA, {
      input: {
        mode: "own",
        accountSid,
        authToken: token,
        messagingServiceSid: "",
        whatsappFrom: "55 1234 0000".replace("0000", String(1000 + Math.floor(Math.random() * 8999))),
        smsFrom: "",
        contentSids: { [CONFIRMATION_KEY]: sid("HX") },
      },
    });
    expect(result).toEqual({ ok: true });
    const [row] = await database.db.select().from(clinicMessaging).where(eq(clinicMessaging.clinicId, s.clinicA.id));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.whatsappFrom).toMatch(/^\+52\d{10}$/);
    const view = await getMessagingSettings(database.db, { clinicId: s.clinicA.id });
    expect(view).toMatchObject({ mode: "own", accountSid, authTokenLast4: token.slice(-4) });
    expect(JSON.stringify(view)).not.toContain(token);
    expect(missingTemplateKeys(view.contentSids)).toHaveLength(listTemplates().length - 1);
    // Clinic B sees nothing of it.
    expect(await getMessagingSettings(database.db, { clinicId: s.clinicB.id })).toMatchObject({ mode: "shared", accountSid: null });

    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, s.clinicA.id), eq(auditLog.action, "messaging_settings.update")));
    expect(audits).toHaveLength(1);
    expect(audits[0].metadata).toMatchObject({ mode: "own", authTokenChanged: true, templatesChanged: [CONFIRMATION_KEY] });
    expect(JSON.stringify(audits[0].metadata)).not.toContain(token);

    // Saving again without a token keeps the stored one.
    expect(
      await updateMessagingSettings(database.db, s.ctxA, {
        input: { mode: "own", accountSid, authToken: "", messagingServiceSid: sid("MG"), contentSids: {} },
      }),
    ).toEqual({ ok: true });
    expect((await getMessagingSettings(database.db, { clinicId: s.clinicA.id })).authTokenLast4).toBe(token.slice(-4));
  });

  it("refuses SIDs of the wrong shape, a bad number, a missing sender or token, another clinic's number: field errors, nothing written", async () => {
    const s = await createTwoClinics(database.db, "admin");
    const taken = uniqueMxPhone();
    await giveOwnSender(s.ctxB, { accountSid: sid("AC"), authToken: hex(32), whatsappFrom: taken });
    const bad = await updateMessagingSettings(database.db, s.ctxA, {
      input: {
        mode: "own",
        accountSid: "SK123",
        authToken: "not-a-token",
        messagingServiceSid: "MG123",
        whatsappFrom: "12",
        contentSids: { [CONFIRMATION_KEY]: "HXnope" },
      },
    });
    expect(bad).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: {
        accountSid: "accountSid",
        authToken: "authToken",
        messagingServiceSid: "serviceSid",
        whatsappFrom: "phone",
        [`sid:${CONFIRMATION_KEY}`]: "contentSid",
      },
    });
    const noSender = await updateMessagingSettings(database.db, s.ctxA, { input: { mode: "own", accountSid: sid("AC"), contentSids: {} } });
    expect(noSender).toMatchObject({ fieldErrors: { authToken: "authTokenRequired", messagingServiceSid: "senderRequired" } });
    const takenNumber = await updateMessagingSettings(database.db, s.ctxA, {
      input: { mode: "own", accountSid: sid("AC"), authToken: hex(32), whatsappFrom: taken, contentSids: { "no.such.key": sid("HX") } },
    });
    expect(takenNumber).toMatchObject({ fieldErrors: { whatsappFrom: "senderTaken", "sid:no.such.key": "unknownTemplate" } });
    expect(await database.db.select().from(clinicMessaging).where(eq(clinicMessaging.clinicId, s.clinicA.id))).toEqual([]);
    expect(
      await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.clinicId, s.clinicA.id), eq(auditLog.action, "messaging_settings.update"))),
    ).toEqual([]);

    const doctor = await createStaff(database.db, { clinicId: s.clinicA.id, role: "doctor" });
    expect(await updateMessagingSettings(database.db, staffContext(doctor, s.clinicA), { input: { mode: "shared" } })).toEqual({
      ok: false,
      error: "forbidden",
    });
  });
});

describe("dispatch from each clinic's own sender", () => {
  it("a message of clinic A leaves from A's account, token, Messaging Service and Content SID; B's from B's numbers; never Luna's", async () => {
    const t = await twoOwnSenders();
    const visitA = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-27T10:00");
    const visitB = await t.book(t.ctxB, t.patientB.id, t.doctorB.id, "2026-11-27T11:00");
    const captured = captureTwilio();
    const d = deps();
    expect(await dispatchDelivery(d, visitA.delivery("whatsapp").id)).toBe("sent");
    expect(await dispatchDelivery(d, visitB.delivery("whatsapp").id)).toBe("sent");

    expect(captured).toHaveLength(2);
    const [fromA, fromB] = captured;
    expect(fromA.url).toBe(messagesUrl(t.a.accountSid));
    expect(fromA.authorization).toBe(basicAuth(t.a));
    expect(fromA.form.get("MessagingServiceSid")).toBe(t.a.serviceSid);
    expect(fromA.form.get("From")).toBeNull();
    expect(fromA.form.get("ContentSid")).toBe(t.a.confirmationSid);
    expect(fromA.form.get("To")).toBe(`whatsapp:${t.phone}`);
    expect(fromA.form.get("StatusCallback")).toBe(`${PUBLIC_BASE_URL}/api/webhooks/twilio/status`);

    expect(fromB.url).toBe(messagesUrl(t.b.accountSid));
    expect(fromB.authorization).toBe(basicAuth(t.b));
    expect(fromB.form.get("MessagingServiceSid")).toBeNull();
    expect(fromB.form.get("From")).toBe(`whatsapp:${t.b.whatsappFrom}`);
    expect(fromB.form.get("ContentSid")).toBe(t.b.confirmationSid);

    for (const request of captured) {
      expect(request.url).not.toContain(env.TWILIO_ACCOUNT_SID);
      expect(request.authorization).not.toContain(Buffer.from(`${env.TWILIO_ACCOUNT_SID}:`).toString("base64").slice(0, 40));
    }
    // Nothing of A's in B's request, nor the other way round.
    expect(JSON.stringify([...fromB.form]) + fromB.url + fromB.authorization).not.toContain(t.a.accountSid);
    expect(JSON.stringify([...fromA.form]) + fromA.url + fromA.authorization).not.toContain(t.b.accountSid);
    expect(fromA.form.get("ContentSid")).not.toBe(fromB.form.get("ContentSid"));
  });

  it("a clinic back on the shared sender sends from Luna's account again (the cached client is not reused)", async () => {
    const t = await twoOwnSenders();
    const d = deps();
    const captured = captureTwilio();
    const first = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-27T12:00");
    expect(await dispatchDelivery(d, first.delivery("whatsapp").id)).toBe("sent");
    expect(await updateMessagingSettings(database.db, t.ctxA, { input: { mode: "shared" } })).toEqual({ ok: true });
    const second = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-27T13:00");
    // Luna's environment has no Content SID for it: the shared transport refuses before any request.
    expect(await dispatchDelivery(d, second.delivery("whatsapp").id)).toBe("failed");
    expect(captured.map((c) => c.url)).toEqual([messagesUrl(t.a.accountSid)]);
    expect((await database.db.select().from(deliveries).where(eq(deliveries.id, second.delivery("whatsapp").id)))[0].errorMessage).toMatch(
      /TWILIO_CONTENT_SIDS/,
    );
  });

  it("a template without a SID for an own clinic fails with template_not_configured, sends nothing, and falls back to SMS from the clinic's number", async () => {
    const t = await twoOwnSenders({ channels: ["whatsapp", "sms"], bConfirmationSid: false });
    const visit = await t.book(t.ctxB, t.patientB.id, t.doctorB.id, "2026-11-27T14:00");
    const captured = captureTwilio();
    const d = deps();
    const whatsapp = visit.delivery("whatsapp");
    expect(await dispatchDelivery(d, whatsapp.id)).toBe("failed");
    expect(captured).toHaveLength(0);
    const [failed] = await database.db.select().from(deliveries).where(eq(deliveries.id, whatsapp.id));
    expect(failed).toMatchObject({ status: "failed", errorCode: "template_not_configured" });
    expect(failed.errorMessage).toMatch(/Settings → WhatsApp and SMS/);

    const [fallback] = await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, whatsapp.id));
    expect(fallback).toMatchObject({ channel: "sms", clinicId: t.clinicB.id });
    expect(await dispatchDelivery(d, fallback.id)).toBe("sent");
    expect(captured).toHaveLength(1);
    expect(captured[0].url).toBe(messagesUrl(t.b.accountSid));
    expect(captured[0].authorization).toBe(basicAuth(t.b));
    expect(captured[0].form.get("From")).toBe(t.b.smsFrom);
  });
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
    const t = await twoOwnSenders();
    const visitB = await t.book(t.ctxB, t.patientB.id, t.doctorB.id, "2026-11-28T10:00");
    const visitA = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-28T09:00");
    captureTwilio();
    expect(await dispatchDelivery(deps(), visitA.delivery("whatsapp").id)).toBe("sent");
    const response = await post(inboundPOST, INBOUND, reply({ accountSid: t.b.accountSid, to: t.b.whatsappFrom!, from: t.phone, body: "1" }), t.b.authToken);
    expect(response.status).toBe(200);
    const stored = await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, t.patientB.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ clinicId: t.clinicB.id, intent: "confirm", appointmentId: visitB.appointmentId });
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, t.patientA.id))).toEqual([]);
    expect(visitA.appointmentId).not.toBe(visitB.appointmentId);
  });

  it("a reply to Luna's shared number never reaches a patient of a clinic with its own sender", async () => {
    const t = await twoOwnSenders();
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
    const t = await twoOwnSenders();
    const form = reply({ accountSid: t.b.accountSid, to: t.b.whatsappFrom!, from: t.phone, body: "BAJA" });
    expect((await post(inboundPOST, INBOUND, form, t.a.authToken)).status).toBe(403);
    expect((await post(inboundPOST, INBOUND, form, env.TWILIO_AUTH_TOKEN)).status).toBe(403);
    const status = { MessageSid: sid("SM"), AccountSid: t.b.accountSid, MessageStatus: "delivered" };
    expect((await post(statusPOST, STATUS, status, t.a.authToken)).status).toBe(403);
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, t.patientB.id))).toEqual([]);
  });

  it("a status callback is applied with the sending clinic's token, and B's account cannot move A's message", async () => {
    const t = await twoOwnSenders();
    const visitA = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-28T12:00");
    captureTwilio();
    expect(await dispatchDelivery(deps(), visitA.delivery("whatsapp").id)).toBe("sent");
    const [sent] = await database.db.select().from(deliveries).where(eq(deliveries.id, visitA.delivery("whatsapp").id));
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
