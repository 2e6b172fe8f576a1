import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { Database } from "@/db/client";
import { deliveries } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import type { Env } from "@/lib/env";
import { createSecureLink } from "@/lib/links/secure-links";
import { getTransports } from "@/lib/notifications/channels";
import { runSweep } from "@/lib/notifications/dispatch";
import { planLinkNotification } from "@/lib/notifications/plan-link-notification";
import { setNotificationChannel } from "@/lib/notifications/settings";
import { captureLog, type CapturedLog } from "@/lib/testing/capture-log";

// The real Twilio SDK sends; msw answers as Twilio would and keeps the text that went out.
const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
const MESSAGES_URL = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const env = {
  NODE_ENV: "test",
  PGLITE_DIR: ".data/pglite",
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: "secret-token",
  TWILIO_SMS_FROM: "+15005550006",
  TWILIO_WHATSAPP_FROM: "whatsapp:+14155238886",
  PUBLIC_BASE_URL: "https://luna.example.mx",
} satisfies Env;

const server = setupServer();
let database: Database;
let captured: CapturedLog | undefined;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  database = await openTestDatabase();
});
afterEach(() => {
  server.resetHandlers();
  captured?.restore();
});
afterAll(async () => {
  server.close();
  await database.close();
});

describe("the log of a dispatched message", () => {
  it("has one line with the delivery's ids and outcome, and no name, phone, email, token or message text", async () => {
    const { clinicA, staffA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, {
      clinicId: clinicA.id,
      firstName: "Xochiquetzal",
      lastName: "Zamarripa-Ibarguengoitia",
      email: `xochiquetzal.${randomUUID().slice(0, 8)}@example.com`,
    });
    await setNotificationChannel(database.db, {
      clinicId: clinicA.id,
      notificationType: "lab_result_ready",
      channel: "whatsapp",
      enabled: false,
    });
    const now = new Date();
    const { link, deliveryId } = await database.db.transaction(async (tx) => {
      const link = await createSecureLink(tx, {
        clinicId: clinicA.id,
        patientId: patient.id,
        purpose: "lab_result",
        targetId: randomUUID(),
        createdById: staffA.id,
        now,
      });
      const plan = await planLinkNotification(tx, {
        clinicId: clinicA.id,
        patientId: patient.id,
        type: "lab_result_ready",
        link,
        linkDays: 7,
        now,
      });
      return { link, deliveryId: plan.planned[0].id };
    });

    const sent: URLSearchParams[] = [];
    const sid = `SM${"d".repeat(32)}`;
    server.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        sent.push(new URLSearchParams(await request.text()));
        return HttpResponse.json({ sid, status: "queued", error_code: null, error_message: null }, { status: 201 });
      }),
    );
    captured = captureLog();
    await runSweep({ db: database.db, transports: getTransports({ ...env }), now: () => now }, { scope: { clinicIds: [clinicA.id] } });

    const [row] = await database.db.select().from(deliveries).where(eq(deliveries.id, deliveryId));
    expect(row).toMatchObject({ status: "queued", channel: "sms", providerMessageId: sid });
    const body = sent[0]?.get("Body") ?? "";
    expect(body).toContain(link.token);

    const dispatchLines = captured.entries().filter((e) => e.event === "dispatch");
    expect(dispatchLines).toEqual([
      expect.objectContaining({
        level: "info",
        deliveryId,
        clinicId: clinicA.id,
        type: "lab_result_ready",
        channel: "sms",
        outcome: "sent",
      }),
    ]);
    const text = captured.text();
    expect(text).toContain(deliveryId);
    for (const secret of [
      patient.firstName,
      patient.lastName,
      patient.phone,
      patient.phone.slice(3),
      patient.email!,
      link.token,
      body,
      body.slice(0, 30),
    ]) {
      expect(text, `the log must not contain ${JSON.stringify(secret)}`).not.toContain(secret);
    }
  });
});
