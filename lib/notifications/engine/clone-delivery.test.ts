import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveries } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { createSecureLink } from "@/lib/links/secure-links";
import { applyProviderStatus } from "../apply-provider-status";
import { runSweep } from "../dispatch";
import { planLinkNotification } from "../plan-link-notification";
import { RETRY_LATER_MS } from "../provider-errors";
import { setNotificationChannel } from "../settings";
import { createMemoryProvider } from "../testing/memory-transport";
import { reloadDelivery } from "../testing/sent-visit";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** A lab result shared with a patient of clinic A: the link and its message, planned on the first allowed channel. */
async function sharedLabResult(params: { whatsapp: boolean }) {
  const { clinicA, clinicB } = await createTwoClinics(database.db);
  const patient = await createPatient(database.db, { clinicId: clinicA.id, firstName: "María", email: `p-${randomUUID()}@example.com` });
  // The other clinic's patient gets nothing from any of this.
  const bystander = await createPatient(database.db, { clinicId: clinicB.id });
  if (!params.whatsapp) {
    await setNotificationChannel(database.db, {
      clinicId: clinicA.id,
      notificationType: "lab_result_ready",
      channel: "whatsapp",
      enabled: false,
    });
  }
  const link = await createSecureLink(database.db, {
    clinicId: clinicA.id,
    patientId: patient.id,
    purpose: "lab_result",
    targetId: randomUUID(),
    createdById: null,
    ttlDays: 7,
    now: NOW,
  });
  const planned = await planLinkNotification(database.db, {
    clinicId: clinicA.id,
    patientId: patient.id,
    type: "lab_result_ready",
    link: { id: link.id, url: link.url },
    linkDays: 7,
    now: NOW,
  });
  return { clinicA, clinicB, patient, bystander, link, planned };
}

const sweep = (provider: ReturnType<typeof createMemoryProvider>, clinicId: string, at: Date) =>
  runSweep({ db: database.db, transports: provider.transports, now: () => at }, { scope: { clinicIds: [clinicId] } });

const failCallback = (sid: string, errorCode: string, at: Date) =>
  applyProviderStatus(database.db, { source: "twilio", providerMessageId: sid, status: "undelivered", errorCode, payload: {}, now: at });

describe("cloneDelivery: retries and fallbacks carry the link", () => {
  it("a lab-result SMS that hits 30003 is retried on SMS with its link, and sent", async () => {
    const s = await sharedLabResult({ whatsapp: false });
    expect(s.planned.channel).toBe("sms");
    const provider = createMemoryProvider();
    await sweep(provider, s.clinicA.id, NOW);
    expect(provider.accepted).toHaveLength(1);
    const first = provider.accepted[0];
    expect(first.text).toContain(s.link.url);

    const result = await failCallback(first.sid, "30003", later(60_000));
    const [retry] = result.outcome === "recorded" ? result.scheduled : [];
    expect(retry).toMatchObject({
      channel: "sms",
      status: "scheduled",
      notificationType: "lab_result_ready",
      fallbackOfId: first.deliveryId,
    });
    expect(retry).toMatchObject({ subjectType: "secure_link", subjectId: s.link.id, payload: { linkUrl: s.link.url, linkDays: 7 } });

    await sweep(provider, s.clinicA.id, later(RETRY_LATER_MS + 60_000));
    expect(provider.accepted).toHaveLength(2);
    expect(provider.accepted[1]).toMatchObject({ deliveryId: retry.id, channel: "sms" });
    expect(provider.accepted[1].text).toBe(first.text);
    expect(await reloadDelivery(database.db, retry.id)).toMatchObject({ status: "queued", errorCode: null });
    expect(provider.accepted.every((m) => m.to === s.patient.phone)).toBe(true);
  });

  it("a lab-result WhatsApp that hits 63003 falls back to SMS with its link, and is sent", async () => {
    const s = await sharedLabResult({ whatsapp: true });
    expect(s.planned.channel).toBe("whatsapp");
    const provider = createMemoryProvider();
    await sweep(provider, s.clinicA.id, NOW);
    expect(provider.accepted).toHaveLength(1);
    const first = provider.accepted[0];

    const result = await failCallback(first.sid, "63003", later(60_000));
    const [fallback] = result.outcome === "recorded" ? result.scheduled : [];
    expect(fallback).toMatchObject({ channel: "sms", status: "scheduled", fallbackOfId: first.deliveryId });
    expect(fallback).toMatchObject({ subjectType: "secure_link", subjectId: s.link.id, payload: { linkUrl: s.link.url, linkDays: 7 } });
    // Only what it was planned with: the WhatsApp values filled at send time stay on the WhatsApp row.
    expect(fallback.variables).toEqual({});

    await sweep(provider, s.clinicA.id, later(120_000));
    expect(provider.accepted).toHaveLength(2);
    expect(provider.accepted[1]).toMatchObject({ deliveryId: fallback.id, channel: "sms" });
    expect(provider.accepted[1].text).toContain(s.link.url);
    expect(await reloadDelivery(database.db, fallback.id)).toMatchObject({ status: "queued" });
    const bystanderRows = await database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.clinicId, s.clinicB.id), eq(deliveries.patientId, s.bystander.id)));
    expect(bystanderRows).toEqual([]);
  });
});
