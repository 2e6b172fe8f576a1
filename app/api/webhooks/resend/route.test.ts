import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createHmac, randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { deliveryEvents, patients } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import { resetEnvCache } from "@/lib/env";
import { bookSentConfirmation, confirmationChain, reloadDelivery } from "@/lib/notifications/testing/sent-visit";
import { GET, POST } from "./route";
import { log } from "@/lib/log";

const SECRET = `whsec_${randomBytes(24).toString("base64")}`;
const WEBHOOK_URL = "http://localhost:3000/api/webhooks/resend";

const ENV_KEYS = ["RESEND_WEBHOOK_SECRET", "RESEND_API_KEY", "INNGEST_EVENT_KEY", "INNGEST_DEV"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
beforeEach(() => {
  setDatabaseForTesting(database);
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
  // Verification needs no API key (email may go through the outbox).
  delete process.env.RESEND_API_KEY;
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

/**
 * Svix / Standard Webhooks signing, as Resend does it: base64 HMAC-SHA256, keyed with the base64
 * secret after "whsec_", over "<svix-id>.<unix seconds>.<raw body>", sent as "v1,<signature>".
 */
function sign(id: string, timestamp: number, body: string, secret = SECRET) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

function webhook(
  event: Record<string, unknown>,
  options: { id?: string; timestamp?: number; secret?: string; body?: string; headers?: Record<string, string | null> } = {},
) {
  const id = options.id ?? `msg_${randomBytes(12).toString("hex")}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signedBody = JSON.stringify(event);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(timestamp),
    "svix-signature": sign(id, timestamp, signedBody, options.secret),
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return { id, request: () => new Request(WEBHOOK_URL, { method: "POST", headers, body: options.body ?? signedBody }) };
}

const emailEvent = (type: string, emailId: string, data: Record<string, unknown> = {}) => ({
  type,
  created_at: new Date().toISOString(),
  data: {
    email_id: emailId,
    created_at: new Date().toISOString(),
    from: "Clínica Luna <avisos@luna.example.mx>",
    to: ["paciente@example.com"],
    subject: "Tu cita",
    ...data,
  },
});

const eventsOf = (deliveryId: string) =>
  database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, deliveryId)).orderBy(asc(deliveryEvents.id));

async function sentEmail() {
  const { ctxA } = await createTwoClinics(database.db);
  const visit = await bookSentConfirmation(database.db, {
    ctx: ctxA,
    channels: { whatsapp: false, sms: false, email: true },
    now: new Date(),
  });
  expect(visit.confirmation).toMatchObject({ channel: "email", status: "sent" });
  return visit;
}

const patientOf = async (id: string) => (await database.db.select().from(patients).where(eq(patients.id, id)))[0];

describe("POST /api/webhooks/resend", () => {
  it("applies delivered then opened (read), keyed by svix-id", async () => {
    const visit = await sentEmail();
    const emailId = visit.confirmation.providerMessageId!;
    const deliveredEvent = emailEvent("email.delivered", emailId);
    const delivered = webhook(deliveredEvent);
    expect((await POST(delivered.request())).status).toBe(204);
    expect((await POST(webhook(emailEvent("email.opened", emailId)).request())).status).toBe(204);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toMatchObject({ status: "read" });
    const events = (await eventsOf(visit.confirmation.id)).filter((e) => e.source === "resend");
    expect(events.map((e) => e.status)).toEqual(["delivered", "read"]);
    expect(events[0]).toMatchObject({ providerEventId: delivered.id, payload: deliveredEvent });
  });

  it("records a redelivered webhook (same svix-id) once", async () => {
    const visit = await sentEmail();
    const emailId = visit.confirmation.providerMessageId!;
    const complaint = webhook(emailEvent("email.complained", emailId));
    expect((await POST(complaint.request())).status).toBe(204);
    const optedOutAt = (await patientOf(visit.patient.id)).emailOptedOutAt;
    expect(optedOutAt).toBeInstanceOf(Date);
    expect((await POST(complaint.request())).status).toBe(204);
    const events = (await eventsOf(visit.confirmation.id)).filter((e) => e.source === "resend");
    expect(events).toHaveLength(1);
    expect((await patientOf(visit.patient.id)).emailOptedOutAt).toEqual(optedOutAt);
  });

  it("a hard bounce: undelivered, and the patient's email is marked bounced", async () => {
    const visit = await sentEmail();
    const bounce = { type: "Permanent", subType: "General", message: "The recipient's email address does not exist." };
    const response = await POST(webhook(emailEvent("email.bounced", visit.confirmation.providerMessageId!, { bounce })).request());
    expect(response.status).toBe(204);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toMatchObject({ status: "undelivered", errorCode: "hard_bounce" });
    expect((await patientOf(visit.patient.id)).emailBouncedAt).toBeInstanceOf(Date);
    // Email is the last channel: nothing further is planned.
    expect(await confirmationChain(database.db, visit.appointmentId)).toHaveLength(1);
  });

  it("a soft bounce: undelivered, the address is kept", async () => {
    const visit = await sentEmail();
    const bounce = { type: "Transient", subType: "MailboxFull", message: "Mailbox full" };
    await POST(webhook(emailEvent("email.bounced", visit.confirmation.providerMessageId!, { bounce })).request());
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toMatchObject({ status: "undelivered", errorCode: "soft_bounce" });
    expect((await patientOf(visit.patient.id)).emailBouncedAt).toBeNull();
  });

  it("a complaint opts the patient out of email; the message stays delivered", async () => {
    const visit = await sentEmail();
    const emailId = visit.confirmation.providerMessageId!;
    await POST(webhook(emailEvent("email.delivered", emailId)).request());
    await POST(webhook(emailEvent("email.complained", emailId)).request());
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toMatchObject({ status: "delivered", errorCode: null });
    expect(await patientOf(visit.patient.id)).toMatchObject({ emailOptOutSource: "provider", emailBouncedAt: null });
    expect((await patientOf(visit.patient.id)).emailOptedOutAt).toBeInstanceOf(Date);
    expect((await eventsOf(visit.confirmation.id)).at(-1)).toMatchObject({
      status: "delivered",
      errorCode: "complained",
      source: "resend",
    });
  });

  describe("refuses and changes nothing", () => {
    const cases: [string, number, (emailId: string) => Request][] = [
      [
        "another secret",
        401,
        (emailId) => webhook(emailEvent("email.bounced", emailId), { secret: `whsec_${randomBytes(24).toString("base64")}` }).request(),
      ],
      [
        "a tampered body",
        401,
        (emailId) =>
          webhook(emailEvent("email.delivered", emailId), {
            body: JSON.stringify(emailEvent("email.bounced", emailId, { bounce: { type: "Permanent" } })),
          }).request(),
      ],
      [
        "a timestamp 10 minutes old",
        401,
        (emailId) => webhook(emailEvent("email.bounced", emailId), { timestamp: Math.floor(Date.now() / 1000) - 600 }).request(),
      ],
      [
        "a forged signature",
        401,
        (emailId) => webhook(emailEvent("email.bounced", emailId), { headers: { "svix-signature": "v1,Zm9yZ2Vk" } }).request(),
      ],
      [
        "no signature header",
        400,
        (emailId) => webhook(emailEvent("email.bounced", emailId), { headers: { "svix-signature": null } }).request(),
      ],
      ["no svix-id", 400, (emailId) => webhook(emailEvent("email.bounced", emailId), { headers: { "svix-id": null } }).request()],
    ];
    it.each(cases)("%s → %i", async (_name, status, build) => {
      const visit = await sentEmail();
      const before = await eventsOf(visit.confirmation.id);
      const response = await POST(build(visit.confirmation.providerMessageId!));
      expect(response.status).toBe(status);
      expect(await response.text()).not.toMatch(/at |Error/);
      expect(await reloadDelivery(database.db, visit.confirmation.id)).toEqual(visit.confirmation);
      expect(await eventsOf(visit.confirmation.id)).toEqual(before);
      expect(await patientOf(visit.patient.id)).toEqual(visit.patient);
    });
  });

  it("answers 503 without the secret, 413 over 64 KB, 400 to a signed non-JSON body, 405 to GET", async () => {
    const visit = await sentEmail();
    const emailId = visit.confirmation.providerMessageId!;
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    delete process.env.RESEND_WEBHOOK_SECRET;
    resetEnvCache();
    expect((await POST(webhook(emailEvent("email.delivered", emailId)).request())).status).toBe(503);
    expect(logged).toHaveBeenCalledTimes(1);
    process.env.RESEND_WEBHOOK_SECRET = SECRET;
    resetEnvCache();

    const big = emailEvent("email.delivered", emailId, { subject: "x".repeat(70 * 1024) });
    expect((await POST(webhook(big).request())).status).toBe(413);

    const id = "msg_not_json";
    const timestamp = Math.floor(Date.now() / 1000);
    const notJson = new Request(WEBHOOK_URL, {
      method: "POST",
      headers: { "svix-id": id, "svix-timestamp": String(timestamp), "svix-signature": sign(id, timestamp, "not json") },
      body: "not json",
    });
    expect((await POST(notJson)).status).toBe(400);
    expect(GET().status).toBe(405);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toEqual(visit.confirmation);
  });

  it("acknowledges unknown emails and events it does not track", async () => {
    const visit = await sentEmail();
    const warned = vi.spyOn(log, "warn").mockImplementation(() => {});
    expect((await POST(webhook(emailEvent("email.delivered", "00000000-0000-4000-8000-000000000000")).request())).status).toBe(204);
    expect(warned).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warned.mock.calls[0])).not.toContain("@");
    const click = emailEvent("email.clicked", visit.confirmation.providerMessageId!, { click: { link: "https://luna.example.mx" } });
    expect((await POST(webhook(click).request())).status).toBe(204);
    expect((await POST(webhook({ type: "contact.created", created_at: "", data: { id: "c1" } }).request())).status).toBe(204);
    expect(await reloadDelivery(database.db, visit.confirmation.id)).toEqual(visit.confirmation);
  });
});
