import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveries, patients, type Channel, type Patient } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { applyProviderStatus } from "@/lib/notifications/apply-provider-status";
import { ChannelError } from "@/lib/notifications/channels/types";
import { runSweep } from "@/lib/notifications/dispatch";
import { createMemoryProvider } from "@/lib/notifications/testing/memory-transport";
import { createCampaign, getCampaignProgress, launchCampaign } from "./campaigns";
import { listMarketingConsents, setMarketingConsent } from "./consent";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z"); // 10:00 in Mexico City
const DAY = 86_400_000;

async function scene() {
  const db = database.db;
  const two = await createTwoClinics(db);
  const admin = await createStaff(db, { clinicId: two.clinicA.id, role: "admin" });
  const adminCtx = staffContext(admin, two.clinicA);
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
  return { ...two, adminCtx, grant };
}

async function launched(adminCtx: Parameters<typeof createCampaign>[1]) {
  const created = await createCampaign(database.db, adminCtx, {
    input: { name: "Recall", templateType: "campaign_recall", segment: {} },
    now: NOW,
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  expect(await launchCampaign(database.db, adminCtx, { campaignId: created.campaignId, now: NOW })).toMatchObject({ ok: true });
  return created.campaignId;
}

const deliveriesOf = (patient: Patient) =>
  database.db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.clinicId, patient.clinicId), eq(deliveries.patientId, patient.id)));

const patientRow = async (patient: Patient) => (await database.db.select().from(patients).where(eq(patients.id, patient.id)))[0];

const sweep = (clinicId: string, provider = createMemoryProvider(), at = NOW) =>
  runSweep(
    { db: database.db, transports: provider.transports, now: () => at, contextMaxAgeMs: 60_000 },
    { scope: { clinicIds: [clinicId] } },
  );

describe("a campaign's WhatsApp errors", () => {
  it("63049 / 131049 (Meta declined marketing for the user): recorded as limited, not retried, SMS only with SMS consent", async () => {
    const { clinicA, clinicB, adminCtx, grant } = await scene();
    const db = database.db;
    const whatsappOnly = await createPatient(db, { clinicId: clinicA.id });
    const withSms = await createPatient(db, { clinicId: clinicA.id });
    const metaCode = await createPatient(db, { clinicId: clinicA.id });
    await grant(whatsappOnly, "whatsapp");
    await grant(withSms, "whatsapp");
    await grant(withSms, "sms");
    await grant(metaCode, "whatsapp");
    const other = await createPatient(db, { clinicId: clinicB.id });
    await grant(other, "whatsapp");
    const campaignId = await launched(adminCtx);
    await sweep(clinicA.id);

    for (const [patient, code] of [
      [whatsappOnly, "63049"],
      [withSms, "63049"],
      [metaCode, "131049"],
    ] as const) {
      const [sent] = await deliveriesOf(patient);
      expect(sent.providerMessageId).toBeTruthy();
      const result = await applyProviderStatus(db, {
        source: "twilio",
        providerMessageId: sent.providerMessageId!,
        status: "undelivered",
        errorCode: code,
        payload: {},
        now: new Date(NOW.getTime() + 60_000),
      });
      expect(result.outcome).toBe("recorded");
    }
    // No retry on WhatsApp; the SMS only for the patient who consented to marketing by SMS.
    const onlyRows = await deliveriesOf(whatsappOnly);
    expect(onlyRows.map((r) => [r.channel, r.status, r.errorCode])).toEqual([["whatsapp", "undelivered", "63049"]]);
    expect((await deliveriesOf(metaCode)).map((r) => r.channel)).toEqual(["whatsapp"]);
    const smsRows = await deliveriesOf(withSms);
    expect(smsRows.map((r) => r.channel).sort()).toEqual(["sms", "whatsapp"]);
    // The patient is not opted out of anything, and keeps marketing consent.
    for (const p of [whatsappOnly, withSms, metaCode]) {
      expect((await patientRow(p)).whatsappOptedOutAt).toBeNull();
      expect((await listMarketingConsents(db, { clinicId: clinicA.id, patientId: p.id })).every((c) => c.grantedAt !== null)).toBe(true);
    }
    expect(await getCampaignProgress(db, { clinicId: clinicA.id, campaignId })).toMatchObject({ recipients: 3, limited: 2, queued: 1 });
  });

  it("at send time too: a limited message is not retried", async () => {
    const { clinicA, adminCtx, grant } = await scene();
    const db = database.db;
    const patient = await createPatient(db, { clinicId: clinicA.id });
    await grant(patient, "whatsapp");
    await launched(adminCtx);
    const provider = createMemoryProvider();
    provider.failWith(() => new ChannelError("63049", "Meta chose not to deliver", { retryable: true }));
    await sweep(clinicA.id, provider);
    expect((await deliveriesOf(patient)).map((r) => [r.status, r.errorCode])).toEqual([["failed", "63049"]]);
  });

  it("stop promotions (63014 at send time, 131050 in a callback) revokes WhatsApp marketing consent only; reminders keep flowing", async () => {
    const { clinicA, clinicB, adminCtx, grant } = await scene();
    const db = database.db;
    const atSend = await createPatient(db, { clinicId: clinicA.id });
    const byCallback = await createPatient(db, { clinicId: clinicA.id });
    for (const p of [atSend, byCallback]) {
      await grant(p, "whatsapp");
      await grant(p, "email");
    }
    const other = await createPatient(db, { clinicId: clinicB.id });
    await grant(other, "whatsapp");
    await launched(adminCtx);

    const provider = createMemoryProvider();
    provider.failWith((m) =>
      m.deliveryId && m.to === atSend.phone ? new ChannelError("63014", "blocked by the user", { retryable: false, optOut: true }) : null,
    );
    await sweep(clinicA.id, provider);
    const [sent] = (await deliveriesOf(byCallback)).filter((d) => d.channel === "whatsapp");
    await applyProviderStatus(db, {
      source: "twilio",
      providerMessageId: sent.providerMessageId!,
      status: "failed",
      errorCode: "131050",
      payload: {},
      now: NOW,
    });
    for (const p of [atSend, byCallback]) {
      const consents = await listMarketingConsents(db, { clinicId: clinicA.id, patientId: p.id });
      expect(consents.find((c) => c.channel === "whatsapp")).toMatchObject({ grantedAt: null, source: "provider" });
      expect(consents.find((c) => c.channel === "email")?.grantedAt).not.toBeNull();
      // The transactional opt-out is left alone: reminders still go on WhatsApp.
      expect((await patientRow(p)).whatsappOptedOutAt).toBeNull();
    }
    // Another clinic's patient is untouched.
    expect((await listMarketingConsents(db, { clinicId: clinicB.id, patientId: other.id }))[0].grantedAt).not.toBeNull();
  });
});
