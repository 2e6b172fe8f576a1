import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, campaignRecipients, campaigns, clinics, deliveries, type Patient } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { runSweep } from "@/lib/notifications/dispatch";
import { createMemoryProvider } from "@/lib/notifications/testing/memory-transport";
import {
  cancelCampaign,
  createCampaign,
  estimateCampaign,
  getCampaign,
  getCampaignProgress,
  launchCampaign,
  pauseCampaign,
  resumeCampaign,
} from "./campaigns";
import { setMarketingConsent } from "./consent";
import { matchPastedList } from "./pasted-list";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

// 10:00 in Mexico City: inside the default 10:00–19:00 window.
const NOW = new Date("2026-11-25T16:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MX = "America/Mexico_City";

async function scene(patients = 5) {
  const db = database.db;
  const two = await createTwoClinics(db);
  const admin = await createStaff(db, { clinicId: two.clinicA.id, role: "admin" });
  const adminCtx = staffContext(admin, two.clinicA);
  const adminB = await createStaff(db, { clinicId: two.clinicB.id, role: "admin" });
  const adminCtxB = staffContext(adminB, two.clinicB);
  const grant = (patient: Patient) =>
    setMarketingConsent(db, {
      clinicId: patient.clinicId,
      patientId: patient.id,
      channel: "whatsapp",
      granted: true,
      source: "staff",
      actorUserId: null,
      now: new Date(NOW.getTime() - 30 * DAY),
    });
  const ps: Patient[] = [];
  for (let i = 0; i < patients; i++) {
    const p = await createPatient(db, { clinicId: two.clinicA.id, firstName: `Campaña${i}` });
    await grant(p);
    ps.push(p);
  }
  // The other clinic has consenting patients too: never counted, planned or sent here.
  for (let i = 0; i < 3; i++) await grant(await createPatient(db, { clinicId: two.clinicB.id }));
  return { ...two, admin, adminCtx, adminCtxB, patients: ps };
}

const input = (extra: Record<string, unknown> = {}) => ({
  name: "Chequeo anual",
  templateType: "campaign_annual_checkup",
  segment: {},
  ...extra,
});

async function created(ctx: Parameters<typeof createCampaign>[1], extra: Record<string, unknown> = {}) {
  const r = await createCampaign(database.db, ctx, { input: input(extra), now: NOW });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.campaignId;
}

const sweep = (clinicId: string, at: Date, provider = createMemoryProvider()) =>
  runSweep(
    { db: database.db, transports: provider.transports, now: () => at, contextMaxAgeMs: 60_000 },
    { scope: { clinicIds: [clinicId] } },
  ).then(() => provider);

const campaignDeliveries = (clinicId: string, campaignId: string) =>
  database.db
    .select({ d: deliveries, r: campaignRecipients })
    .from(deliveries)
    .innerJoin(campaignRecipients, eq(campaignRecipients.id, deliveries.subjectId))
    .where(and(eq(deliveries.clinicId, clinicId), eq(campaignRecipients.campaignId, campaignId)));

describe("schedule controls", () => {
  it("stores the window, caps and price; refuses a window in quiet hours, a backwards one and a zero cap, writing nothing", async () => {
    const { clinicA, adminCtx } = await scene(0);
    const db = database.db;
    await db.update(clinics).set({ quietHoursEnabled: true }).where(eq(clinics.id, clinicA.id));
    const bad = async (extra: Record<string, unknown>) => {
      const r = await createCampaign(db, adminCtx, { input: input(extra), now: NOW });
      return r.ok ? null : "fieldErrors" in r ? r.fieldErrors : r.error;
    };
    expect(await bad({ sendWindowStart: "07:00", sendWindowEnd: "19:00" })).toEqual({ sendWindowEnd: "windowInQuietHours" });
    expect(await bad({ sendWindowStart: "19:00", sendWindowEnd: "10:00" })).toEqual({ sendWindowEnd: "windowOrder" });
    expect(await bad({ dailyCap: "0" })).toMatchObject({ dailyCap: "invalidNumber" });
    expect(await bad({ pricePerMessage: "diez" })).toMatchObject({ pricePerMessage: "invalidNumber" });
    expect(await bad({ sendWindowStart: "25:00" })).toMatchObject({ sendWindowStart: "invalidTime" });
    expect(await db.select().from(campaigns).where(eq(campaigns.clinicId, clinicA.id))).toEqual([]);

    const id = await created(adminCtx, {
      sendWindowStart: "11:00",
      sendWindowEnd: "18:30",
      dailyCap: "2000",
      patientCapDays: "14",
      pricePerMessage: "0,85",
    });
    expect(await getCampaign(db, { clinicId: clinicA.id, campaignId: id })).toMatchObject({
      sendWindowStartMinute: 660,
      sendWindowEndMinute: 1110,
      dailyCap: 2000,
      patientCapDays: 14,
      pricePerMessageCents: 85,
    });
    // Defaults: 10:00–19:00, 250 a day (Meta's first tier), one campaign message a week, no price.
    expect(await getCampaign(db, { clinicId: clinicA.id, campaignId: await created(adminCtx) })).toMatchObject({
      sendWindowStartMinute: 600,
      sendWindowEndMinute: 1140,
      dailyCap: 250,
      patientCapDays: 7,
      pricePerMessageCents: 0,
    });
  });

  it("the estimate before launch (count, days, cost) is what the fan-out plans: a daily cap spreads the audience over days", async () => {
    const { clinicA, adminCtx, adminCtxB } = await scene(5);
    const db = database.db;
    const id = await created(adminCtx, { dailyCap: "2", pricePerMessage: "1.50" });
    const campaign = (await getCampaign(db, { clinicId: clinicA.id, campaignId: id }))!;
    const estimate = await estimateCampaign(db, { clinicId: clinicA.id, timeZone: MX, campaign, now: NOW });
    expect(estimate.count.recipients).toBe(5);
    expect(estimate.plan.days.map((d) => [d.day, d.count])).toEqual([
      ["2026-11-25", 2],
      ["2026-11-26", 2],
      ["2026-11-27", 1],
    ]);
    expect(estimate.plan.estimatedCostCents).toBe(750);

    expect(await launchCampaign(db, adminCtxB, { campaignId: id, now: NOW })).toEqual({ ok: false, error: "notFound" });
    expect(await launchCampaign(db, adminCtx, { campaignId: id, now: NOW, batchSize: 2 })).toMatchObject({ ok: true, queued: 5 });
    const rows = await campaignDeliveries(clinicA.id, id);
    const perDay = new Map<string, number>();
    for (const { d, r } of rows) {
      expect(r.sendAt).toEqual(d.sendAt);
      perDay.set(d.sendAt.toISOString(), (perDay.get(d.sendAt.toISOString()) ?? 0) + 1);
    }
    expect(Object.fromEntries(perDay)).toEqual(Object.fromEntries(estimate.plan.days.map((d) => [d.sendAt.toISOString(), d.count])));
    // Re-running keeps every planned time.
    await launchCampaign(db, adminCtx, { campaignId: id, now: new Date(NOW.getTime() + HOUR), batchSize: 3 });
    expect((await campaignDeliveries(clinicA.id, id)).map(({ d }) => d.sendAt.toISOString()).sort()).toEqual(
      rows.map(({ d }) => d.sendAt.toISOString()).sort(),
    );
    // Today only today's share goes out.
    const provider = await sweep(clinicA.id, NOW);
    expect(provider.accepted).toHaveLength(2);
    expect(await getCampaignProgress(db, { clinicId: clinicA.id, campaignId: id })).toMatchObject({ recipients: 5, sent: 2, queued: 3 });
  });

  it("a scheduled start outside the window waits for it to open; a start after it closes moves to the next morning", async () => {
    const { clinicA, adminCtx } = await scene(1);
    const db = database.db;
    const id = await created(adminCtx, { scheduledAt: "2026-11-26T08:30" });
    const campaign = (await getCampaign(db, { clinicId: clinicA.id, campaignId: id }))!;
    const estimate = await estimateCampaign(db, { clinicId: clinicA.id, timeZone: MX, campaign, now: NOW });
    expect(estimate.plan.firstSendAt).toEqual(new Date("2026-11-26T16:00:00Z"));
    await launchCampaign(db, adminCtx, { campaignId: id, now: NOW });
    const [{ d }] = await campaignDeliveries(clinicA.id, id);
    expect(d.sendAt).toEqual(new Date("2026-11-26T16:00:00Z"));
  });

  it("the per-patient cap counts a recipient planned for a later day, across campaigns; a cap of 0 days does not exclude", async () => {
    const { clinicA, adminCtx } = await scene(3);
    const db = database.db;
    const first = await created(adminCtx, { dailyCap: "1" });
    await launchCampaign(db, adminCtx, { campaignId: first, now: NOW });
    // A week later, the patient planned for day 3 of the first campaign is still "recently contacted".
    const later = new Date(NOW.getTime() + 8 * DAY);
    const second = (await getCampaign(db, { clinicId: clinicA.id, campaignId: await created(adminCtx) }))!;
    const estimate = await estimateCampaign(db, { clinicId: clinicA.id, timeZone: MX, campaign: second, now: later });
    expect(estimate.count).toMatchObject({ recipients: 2, excluded: { recently_contacted: 1 } });
    const uncapped = (await getCampaign(db, { clinicId: clinicA.id, campaignId: await created(adminCtx, { patientCapDays: "0" }) }))!;
    expect((await estimateCampaign(db, { clinicId: clinicA.id, timeZone: MX, campaign: uncapped, now: NOW })).count.recipients).toBe(3);
  });
});

describe("pause, resume, cancel", () => {
  it("pause holds what has not gone out (idempotently); resume plans it again from now at the cap; cancel stops the rest", async () => {
    const { clinicA, adminCtx, adminCtxB, ctxA } = await scene(5);
    const db = database.db;
    const id = await created(adminCtx, { dailyCap: "2" });
    await launchCampaign(db, adminCtx, { campaignId: id, now: NOW });
    await sweep(clinicA.id, NOW);

    expect(await pauseCampaign(db, ctxA, { campaignId: id, now: NOW })).toEqual({ ok: false, error: "forbidden" });
    expect(await pauseCampaign(db, adminCtxB, { campaignId: id, now: NOW })).toEqual({ ok: false, error: "notFound" });
    expect(await pauseCampaign(db, adminCtx, { campaignId: id, now: NOW })).toEqual({ ok: true, held: 3 });
    expect(await pauseCampaign(db, adminCtx, { campaignId: id, now: NOW })).toEqual({ ok: true, held: 0 });
    expect(await launchCampaign(db, adminCtx, { campaignId: id, now: NOW })).toEqual({ ok: false, error: "paused" });
    expect(await getCampaignProgress(db, { clinicId: clinicA.id, campaignId: id })).toMatchObject({ queued: 3, held: 3, sent: 2 });

    // Two days go by while paused: nothing goes out.
    const provider = await sweep(clinicA.id, new Date(NOW.getTime() + 2 * DAY));
    expect(provider.accepted).toHaveLength(0);

    // Resumed the same day as the first sends would have left no room today; two days later there is.
    const resumeAt = new Date(NOW.getTime() + 2 * DAY + 3 * HOUR); // 13:00
    expect(await resumeCampaign(db, adminCtxB, { campaignId: id, now: resumeAt })).toEqual({ ok: false, error: "notFound" });
    expect(await resumeCampaign(db, adminCtx, { campaignId: id, now: resumeAt })).toEqual({ ok: true, resumed: 3, days: 2 });
    expect(await resumeCampaign(db, adminCtx, { campaignId: id, now: resumeAt })).toEqual({ ok: true, resumed: 0, days: 0 });
    const pending = (await campaignDeliveries(clinicA.id, id)).filter(({ d }) => d.status === "scheduled");
    expect(pending.map(({ d }) => d.sendAt.toISOString()).sort()).toEqual([
      resumeAt.toISOString(),
      resumeAt.toISOString(),
      new Date(resumeAt.getTime() + DAY).toISOString(),
    ]);
    expect(pending.every(({ d }) => d.errorCode === null)).toBe(true);
    expect((await sweep(clinicA.id, resumeAt)).accepted).toHaveLength(2);

    expect(await cancelCampaign(db, adminCtx, { campaignId: id, now: resumeAt })).toEqual({ ok: true, cancelled: 1 });
    expect(await getCampaignProgress(db, { clinicId: clinicA.id, campaignId: id })).toMatchObject({
      recipients: 5,
      sent: 4,
      cancelled: 1,
      queued: 0,
    });
    expect(await pauseCampaign(db, adminCtx, { campaignId: id, now: resumeAt })).toEqual({ ok: false, error: "notRunning" });
    expect(await resumeCampaign(db, adminCtx, { campaignId: id, now: resumeAt })).toEqual({ ok: false, error: "notPaused" });
    const audit = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, clinicA.id), eq(auditLog.entityId, id)))
      // In the order they happened: without ORDER BY, PostgreSQL may return them in any order.
      .orderBy(auditLog.createdAt);
    expect(audit.map((a) => a.action)).toEqual([
      "campaign.create",
      "campaign.launch",
      "campaign.pause",
      "campaign.resume",
      "campaign.cancel",
    ]);
  });

  it("resumed on the day it already sent its cap, the rest waits for tomorrow; a paused campaign can be cancelled", async () => {
    const { clinicA, adminCtx } = await scene(3);
    const db = database.db;
    const id = await created(adminCtx, { dailyCap: "2" });
    await launchCampaign(db, adminCtx, { campaignId: id, now: NOW });
    await sweep(clinicA.id, NOW);
    await pauseCampaign(db, adminCtx, { campaignId: id, now: NOW });
    const at = new Date(NOW.getTime() + HOUR);
    expect(await resumeCampaign(db, adminCtx, { campaignId: id, now: at })).toEqual({ ok: true, resumed: 1, days: 1 });
    const [{ d }] = (await campaignDeliveries(clinicA.id, id)).filter(({ d }) => d.status === "scheduled");
    expect(d.sendAt).toEqual(new Date(at.getTime() + DAY));
    await pauseCampaign(db, adminCtx, { campaignId: id, now: at });
    expect(await cancelCampaign(db, adminCtx, { campaignId: id, now: at })).toEqual({ ok: true, cancelled: 1 });
  });
});

describe("a pasted patient list", () => {
  it("matches phones (any Mexican format) and emails to the clinic's own patients, shows unmatched lines, and refuses another clinic's ids", async () => {
    const { clinicA, clinicB, adminCtx } = await scene(0);
    const db = database.db;
    const byPhone = await createPatient(db, { clinicId: clinicA.id, phone: "+525512345671" });
    const byEmail = await createPatient(db, { clinicId: clinicA.id, phone: null, email: "Rosa.Lista@example.com" });
    const notListed = await createPatient(db, { clinicId: clinicA.id, phone: "+525512345672" });
    const elsewhere = await createPatient(db, { clinicId: clinicB.id, phone: "+525512345673" });
    for (const p of [byPhone, byEmail, notListed, elsewhere]) {
      for (const channel of ["whatsapp", "email"] as const) {
        await setMarketingConsent(db, {
          clinicId: p.clinicId,
          patientId: p.id,
          channel,
          granted: true,
          source: "staff",
          actorUserId: null,
          now: NOW,
        });
      }
    }
    const match = await matchPastedList(db, {
      clinicId: clinicA.id,
      text: "55 1234 5671\nrosa.lista@EXAMPLE.com; 044 55 1234 5671\n\n+52 55 1234 5673\nno es un teléfono\nnadie@example.com",
    });
    expect(new Set(match.patientIds)).toEqual(new Set([byPhone.id, byEmail.id]));
    // The other clinic's patient is just a line that matches nobody here.
    expect(match.unmatched).toEqual(["no es un teléfono", "+52 55 1234 5673", "nadie@example.com"]);
    expect(match.lines).toEqual(6);

    const id = await created(adminCtx, { segment: { patientIds: match.patientIds } });
    const campaign = (await getCampaign(db, { clinicId: clinicA.id, campaignId: id }))!;
    expect((await estimateCampaign(db, { clinicId: clinicA.id, timeZone: MX, campaign, now: NOW })).count.recipients).toBe(2);

    const before = await db.select().from(campaigns).where(eq(campaigns.clinicId, clinicA.id));
    const refused = await createCampaign(db, adminCtx, { input: input({ segment: { patientIds: [byPhone.id, elsewhere.id] } }), now: NOW });
    expect(refused).toEqual({ ok: false, error: "invalid", fieldErrors: { patientList: "notFound" } });
    expect(await createCampaign(db, adminCtx, { input: input({ segment: { patientIds: [] } }), now: NOW })).toMatchObject({
      ok: false,
      fieldErrors: { "segment.patientIds": "emptyList" },
    });
    expect(await db.select().from(campaigns).where(eq(campaigns.clinicId, clinicA.id))).toHaveLength(before.length);
  });
});
