import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { setupServer } from "msw/node";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { auditLog, clinicMessaging, deliveries } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics, staffContext, uniqueMxPhone } from "@/db/testing/factories";
import { dispatchDelivery } from "@/lib/notifications/dispatch";
import { listTemplates } from "@/lib/notifications/templates/catalog";
import { getMessagingSettings, missingTemplateKeys, updateMessagingSettings } from "./clinic-messaging";
import { decryptSecret, encryptSecret, secretsKey } from "./secrets";
import {
  CONFIRMATION_KEY,
  PUBLIC_BASE_URL,
  basicAuth,
  captureTwilio,
  dispatchDeps,
  env,
  giveOwnSender,
  hex,
  messagesUrl,
  sid,
  twoOwnSenders,
} from "./test-fixtures";

// Two clinics with their own Twilio accounts; the real twilio SDK makes the requests and msw answers.
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
    await giveOwnSender(database.db, s.ctxB, { accountSid: sid("AC"), authToken: hex(32), whatsappFrom: taken });
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
    const t = await twoOwnSenders(database.db);
    const visitA = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-27T10:00");
    const visitB = await t.book(t.ctxB, t.patientB.id, t.doctorB.id, "2026-11-27T11:00");
    const captured = captureTwilio(server);
    const d = dispatchDeps(database.db);
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
    const t = await twoOwnSenders(database.db);
    const d = dispatchDeps(database.db);
    const captured = captureTwilio(server);
    const first = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-27T12:00");
    expect(await dispatchDelivery(d, first.delivery("whatsapp").id)).toBe("sent");
    expect(await updateMessagingSettings(database.db, t.ctxA, { input: { mode: "shared" } })).toEqual({ ok: true });
    const second = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-27T13:00");
    // Luna's environment has no Content SID for it: the shared transport refuses before any request.
    expect(await dispatchDelivery(d, second.delivery("whatsapp").id)).toBe("failed");
    expect(captured.map((c) => c.url)).toEqual([messagesUrl(t.a.accountSid)]);
    expect(
      (
        await database.db
          .select()
          .from(deliveries)
          .where(eq(deliveries.id, second.delivery("whatsapp").id))
      )[0].errorMessage,
    ).toMatch(/TWILIO_CONTENT_SIDS/);
  });

  it("a token that no longer decrypts fails with sender_not_configured: nothing sent, never from Luna's account", async () => {
    const t = await twoOwnSenders(database.db, { channels: ["whatsapp"] });
    await database.db
      .update(clinicMessaging)
      .set({ authTokenEncrypted: `v1:${Buffer.alloc(40, 1).toString("base64url")}` })
      .where(eq(clinicMessaging.clinicId, t.clinicA.id));
    const visit = await t.book(t.ctxA, t.patientA.id, t.doctorA.id, "2026-11-27T15:00");
    const captured = captureTwilio(server);
    expect(await dispatchDelivery(dispatchDeps(database.db), visit.delivery("whatsapp").id)).toBe("failed");
    expect(captured).toEqual([]);
    expect(
      (
        await database.db
          .select()
          .from(deliveries)
          .where(eq(deliveries.id, visit.delivery("whatsapp").id))
      )[0].errorCode,
    ).toBe("sender_not_configured");
  });

  it("a template without a SID for an own clinic fails with template_not_configured, sends nothing, and falls back to SMS from the clinic's number", async () => {
    const t = await twoOwnSenders(database.db, { channels: ["whatsapp", "sms"], bConfirmationSid: false });
    const visit = await t.book(t.ctxB, t.patientB.id, t.doctorB.id, "2026-11-27T14:00");
    const captured = captureTwilio(server);
    const d = dispatchDeps(database.db);
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
