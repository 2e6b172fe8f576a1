import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, auditLog, campaignRecipients, deliveries, inboundMessages, type Channel, type Patient } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { applyProviderStatus } from "@/lib/notifications/apply-provider-status";
import { runSweep } from "@/lib/notifications/dispatch";
import { createMemoryProvider } from "@/lib/notifications/testing/memory-transport";
import { createOutboxStaffMailTransport, listStaffEmails } from "@/lib/staff-mail/send";
import { createCampaign, getCampaignProgress, launchCampaign } from "./campaigns";
import { setMarketingConsent } from "./consent";
import { getCampaignConversion, getCampaignResults } from "./results";
import { sendCampaignTest } from "./send-test";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z"); // 10:00 in Mexico City
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function scene() {
  const db = database.db;
  const two = await createTwoClinics(db);
  const admin = await createStaff(db, { clinicId: two.clinicA.id, role: "admin" });
  const adminCtx = staffContext(admin, two.clinicA);
  const adminB = await createStaff(db, { clinicId: two.clinicB.id, role: "admin" });
  const adminCtxB = staffContext(adminB, two.clinicB);
  const doctor = await createStaff(db, { clinicId: two.clinicA.id, role: "doctor" });
  const grant = (patient: Patient, channel: Channel) =>
    setMarketingConsent(db, {
      clinicId: patient.clinicId,
      patientId: patient.id,
      channel,
      granted: true,
      source: "staff",
      actorUserId: null,
      now: new Date(NOW.getTime() - 30 * DAY),
    });
  return { ...two, admin, adminCtx, adminB, adminCtxB, doctor, grant };
}

async function launched(ctx: Parameters<typeof createCampaign>[1]) {
  const created = await createCampaign(database.db, ctx, {
    input: { name: "Influenza", templateType: "campaign_flu_vaccination", segment: {} },
    now: NOW,
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  await launchCampaign(database.db, ctx, { campaignId: created.campaignId, now: NOW });
  return created.campaignId;
}

const messageOf = async (patient: Patient) =>
  (
    await database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.clinicId, patient.clinicId), eq(deliveries.patientId, patient.id)))
  )[0];

describe("campaign results", () => {
  it("counts delivered, read apart, replies, bookings within 14 days of delivery and opt-outs, per channel and language, per clinic", async () => {
    const { clinicA, clinicB, adminCtx, adminCtxB, doctor, grant } = await scene();
    const db = database.db;
    const rosa = await createPatient(db, { clinicId: clinicA.id, preferredLocale: "es" });
    const sam = await createPatient(db, { clinicId: clinicA.id, preferredLocale: "en" });
    const ana = await createPatient(db, { clinicId: clinicA.id, preferredLocale: "es", email: "ana.resultados@example.com" });
    await grant(rosa, "whatsapp");
    await grant(sam, "whatsapp");
    await grant(ana, "email");
    const elsewhere = await createPatient(db, { clinicId: clinicB.id });
    await grant(elsewhere, "whatsapp");
    const campaignId = await launched(adminCtx);
    const campaignB = await launched(adminCtxB);
    await runSweep(
      { db, transports: createMemoryProvider().transports, now: () => NOW, contextMaxAgeMs: 60_000 },
      { scope: { clinicIds: [clinicA.id, clinicB.id] } },
    );

    const report = async (patient: Patient, status: "delivered" | "read", at: Date) => {
      const d = await messageOf(patient);
      await applyProviderStatus(db, {
        source: d.channel === "email" ? "resend" : "twilio",
        providerMessageId: d.providerMessageId!,
        status,
        payload: {},
        providerEventId: `${d.id}:${status}`,
        now: at,
      });
    };
    const delivered = new Date(NOW.getTime() + 60_000);
    await report(rosa, "delivered", delivered);
    await report(rosa, "read", new Date(NOW.getTime() + HOUR));
    await report(sam, "delivered", delivered);
    // Rosa books 3 days after delivery (attributed); Sam 20 days after (not); Sam replies the next day.
    const book = (patient: Patient, at: Date) =>
      db.insert(appointments).values({
        clinicId: patient.clinicId,
        patientId: patient.id,
        doctorId: doctor.id,
        startsAt: new Date(at.getTime() + 7 * DAY),
        endsAt: new Date(at.getTime() + 7 * DAY + 1_800_000),
        createdAt: at,
      });
    await book(rosa, new Date(delivered.getTime() + 3 * DAY));
    await book(sam, new Date(delivered.getTime() + 20 * DAY));
    await db.insert(inboundMessages).values({
      clinicId: clinicA.id,
      patientId: sam.id,
      channel: "whatsapp",
      providerMessageId: `SM-results-${sam.id}`,
      fromAddress: `whatsapp:${sam.phone}`,
      body: "How much is it?",
      intent: "message",
      receivedAt: new Date(NOW.getTime() + DAY),
    });
    // Ana unsubscribes from emails the next day.
    await setMarketingConsent(db, {
      clinicId: clinicA.id,
      patientId: ana.id,
      channel: "email",
      granted: false,
      source: "unsubscribe_link",
      actorUserId: null,
      now: new Date(NOW.getTime() + DAY),
    });

    const results = await getCampaignResults(db, { clinicId: clinicA.id, campaignId });
    // Channels and languages in their enum order (WhatsApp, SMS, email; es, en).
    expect(results.rows).toEqual([
      { channel: "whatsapp", locale: "es", recipients: 1, delivered: 1, read: 1, replies: 0, bookings: 1, optOuts: 0 },
      { channel: "whatsapp", locale: "en", recipients: 1, delivered: 1, read: 0, replies: 1, bookings: 0, optOuts: 0 },
      { channel: "email", locale: "es", recipients: 1, delivered: 0, read: 0, replies: 0, bookings: 0, optOuts: 1 },
    ]);
    expect(results.total).toEqual({ recipients: 3, delivered: 2, read: 1, replies: 1, bookings: 1, optOuts: 1 });
    // Another clinic cannot read it; its own campaign is its own.
    expect((await getCampaignResults(db, { clinicId: clinicB.id, campaignId })).rows).toEqual([]);
    // (Clinic B is in Tijuana: 08:00 there, its campaign waits for its 10:00 window and has delivered nothing.)
    expect((await getCampaignResults(db, { clinicId: clinicB.id, campaignId: campaignB })).total).toMatchObject({
      recipients: 1,
      delivered: 0,
    });

    expect(
      await getCampaignConversion(db, { clinicId: clinicA.id, from: new Date(NOW.getTime() - DAY), to: new Date(NOW.getTime() + DAY) }),
    ).toEqual({
      delivered: 2,
      booked: 1,
    });
    expect(
      await getCampaignConversion(db, { clinicId: clinicA.id, from: new Date(NOW.getTime() + DAY), to: new Date(NOW.getTime() + 2 * DAY) }),
    ).toEqual({
      delivered: 0,
      booked: 0,
    });
  });
});

describe("send me a test", () => {
  it("emails the acting admin the message in both languages; it counts nowhere; staff and other clinics cannot", async () => {
    const { clinicA, admin, adminCtx, adminCtxB, ctxA, grant } = await scene();
    const db = database.db;
    const p = await createPatient(db, { clinicId: clinicA.id });
    await grant(p, "whatsapp");
    const campaignId = await launched(adminCtx);
    const transport = createOutboxStaffMailTransport();
    const sent = await sendCampaignTest(db, adminCtx, { campaignId, subjectPrefix: "[Prueba]", locale: "es", now: NOW, transport });
    expect(sent).toEqual({ ok: true, to: admin.email });
    const [mail] = await listStaffEmails(db, { clinicId: clinicA.id, to: admin.email });
    expect(mail).toMatchObject({ kind: "campaign_test", subject: "[Prueba] Influenza" });
    expect(mail.text).toContain("[es]\nHola María, la campaña de vacunación contra la influenza");
    expect(mail.text).toContain("[en]\nHi Maria");
    expect(await sendCampaignTest(db, ctxA, { campaignId, subjectPrefix: "[Prueba]", locale: "es", transport })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await sendCampaignTest(db, adminCtxB, { campaignId, subjectPrefix: "[Test]", locale: "en", transport })).toEqual({
      ok: false,
      error: "notFound",
    });
    // Not a recipient, not a delivery: progress and results are the patient's only.
    expect(await db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId))).toHaveLength(1);
    expect((await getCampaignProgress(db, { clinicId: clinicA.id, campaignId })).recipients).toBe(1);
    expect((await getCampaignResults(db, { clinicId: clinicA.id, campaignId })).total.recipients).toBe(1);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, clinicA.id), eq(auditLog.action, "campaign.send_test")));
    expect(audit).toHaveLength(1);
  });
});
