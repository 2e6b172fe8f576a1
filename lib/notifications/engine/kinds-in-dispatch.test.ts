import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { createTranslator } from "next-intl";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, deliveries, deliveryEvents, type Delivery } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, insertTestDeliveries, insertTestDelivery } from "@/db/testing/factories";
import { createSecureLink } from "@/lib/links/secure-links";
import { buildLogLabels } from "@/lib/message-log/labels";
import { loadMessages } from "@/messages/load";
import { dispatchDelivery, runSweep } from "../dispatch";
import { appointmentKind } from "../kinds/appointment";
import { patientLinkKind } from "../kinds/patient-link";
import { planLinkNotification } from "../plan-link-notification";
import { createMemoryProvider } from "../testing/memory-transport";
import { reloadDelivery } from "../testing/sent-visit";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const NOW = new Date("2026-11-25T16:00:00Z");
const HOUR = 3_600_000;

const sweep = (provider: ReturnType<typeof createMemoryProvider>, clinicIds: string[]) =>
  runSweep({ db: database.db, transports: provider.transports, now: () => NOW }, { scope: { clinicIds } });

const eventsOf = (deliveryId: string) =>
  database.db
    .select({ status: deliveryEvents.status, errorCode: deliveryEvents.errorCode })
    .from(deliveryEvents)
    .where(eq(deliveryEvents.deliveryId, deliveryId))
    .orderBy(asc(deliveryEvents.id));

/** A patient of each clinic, a doctor, and a visit two days out for the patient of clinic A. */
async function scene() {
  const { clinicA, clinicB } = await createTwoClinics(database.db);
  const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(database.db, { clinicId: clinicA.id, email: `p-${randomUUID()}@example.com` });
  const patientB = await createPatient(database.db, { clinicId: clinicB.id });
  const startsAt = new Date(NOW.getTime() + 48 * HOUR);
  const [visit] = await database.db
    .insert(appointments)
    .values({ clinicId: clinicA.id, patientId: patient.id, doctorId: doctor.id, startsAt, endsAt: new Date(startsAt.getTime() + HOUR / 2) })
    .returning();
  const share = (clinicId: string, patientId: string) =>
    createSecureLink(database.db, { clinicId, patientId, purpose: "lab_result", targetId: randomUUID(), createdById: null, now: NOW });
  return { clinicA, clinicB, patient, patientB, visit, share };
}

/** The log's words for a reason, in both languages, from the real message files. */
async function reasonWords(code: string) {
  const words: Record<string, string | null> = {};
  for (const locale of ["es", "en"] as const) {
    const messages = await loadMessages(locale);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const t = (namespace: string) => createTranslator({ locale, messages, namespace } as any) as any;
    words[locale] = buildLogLabels(t("appointments"), t("messageLog")).reason("sms", code);
  }
  return words;
}

describe("a payload its kind refuses", () => {
  it("fails the link message as invalid_payload with the fields named, sends nothing, and the log says why in es and en", async () => {
    const s = await scene();
    const link = await s.share(s.clinicA.id, s.patient.id);
    const planned = await planLinkNotification(database.db, {
      clinicId: s.clinicA.id,
      patientId: s.patient.id,
      type: "lab_result_ready",
      link: { id: link.id, url: link.url },
      linkDays: 7,
      now: NOW,
    });
    const [row] = planned.planned;
    // The URL lost (a bad backfill, a hand edit): the message must not go out without its link.
    await database.db
      .update(deliveries)
      .set({ payload: { linkDays: 7 } })
      .where(eq(deliveries.id, row.id));
    // The other clinic's message in the same sweep is unaffected.
    const linkB = await s.share(s.clinicB.id, s.patientB.id);
    const plannedB = await planLinkNotification(database.db, {
      clinicId: s.clinicB.id,
      patientId: s.patientB.id,
      type: "lab_result_ready",
      link: { id: linkB.id, url: linkB.url },
      linkDays: 7,
      now: NOW,
    });

    const provider = createMemoryProvider();
    const result = await sweep(provider, [s.clinicA.id, s.clinicB.id]);
    expect(result.outcomes).toMatchObject({ failed: 1, sent: 1 });
    expect(provider.accepted.map((m) => m.deliveryId)).toEqual([plannedB.planned[0].id]);

    const failed = await reloadDelivery(database.db, row.id);
    expect(failed).toMatchObject({ status: "failed", errorCode: "invalid_payload", sentBody: null, providerMessageId: null });
    expect(failed.errorMessage).toContain("linkUrl");
    expect(await eventsOf(row.id)).toEqual([
      { status: "scheduled", errorCode: null },
      { status: "failed", errorCode: "invalid_payload" },
    ]);
    // No fallback for a message that cannot be filled.
    expect(await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, row.id))).toEqual([]);

    const words = await reasonWords("invalid_payload");
    expect(words.es).toBe("los datos del mensaje no son válidos; no se envió");
    expect(words.en).toBe("the message's data is not valid; it was not sent");
  });

  it("fails a visit's message whose payload is not even an object, on the per-delivery path too", async () => {
    const s = await scene();
    const row = await insertTestDelivery(database.db, {
      clinicId: s.clinicA.id,
      patientId: s.patient.id,
      appointmentId: s.visit.id,
      appointmentVersion: 1,
      notificationType: "booking_confirmation",
      payload: [] as never,
      sendAt: NOW,
    });
    const provider = createMemoryProvider();
    expect(await dispatchDelivery({ db: database.db, transports: provider.transports, now: () => NOW }, row.id)).toBe("failed");
    expect(provider.accepted).toEqual([]);
    expect(await reloadDelivery(database.db, row.id)).toMatchObject({ status: "failed", errorCode: "invalid_payload" });
  });
});

describe("a subject that has vanished", () => {
  it("cancels the message with its kind's reason: a visit gone, a link gone, another clinic's link", async () => {
    const s = await scene();
    const foreignLink = await s.share(s.clinicB.id, s.patientB.id);
    const base = { clinicId: s.clinicA.id, patientId: s.patient.id, sendAt: NOW };
    const [noVisit, noLink, notOurs] = await insertTestDeliveries(database.db, [
      { ...base, notificationType: "reminder", subjectType: "appointment", subjectId: randomUUID(), subjectVersion: 1 },
      {
        ...base,
        notificationType: "lab_result_ready",
        subjectType: "secure_link",
        subjectId: randomUUID(),
        payload: { linkUrl: "https://luna.example.mx/l/x", linkDays: 7 },
      },
      // Clinic B's link named by a delivery of clinic A: never found across clinics.
      {
        ...base,
        notificationType: "lab_result_ready",
        subjectType: "secure_link",
        subjectId: foreignLink.id,
        payload: { linkUrl: foreignLink.url, linkDays: 7 },
      },
    ]);
    const provider = createMemoryProvider();
    const result = await sweep(provider, [s.clinicA.id]);
    expect(result.outcomes).toEqual({ cancelled: 3 });
    expect(provider.accepted).toEqual([]);
    expect(await reloadDelivery(database.db, noVisit.id)).toMatchObject({ status: "cancelled", errorCode: "appointment_missing" });
    expect(await reloadDelivery(database.db, noLink.id)).toMatchObject({ status: "cancelled", errorCode: "link_missing" });
    expect(await reloadDelivery(database.db, notOurs.id)).toMatchObject({ status: "cancelled", errorCode: "link_missing" });
    expect(await eventsOf(noLink.id)).toEqual([{ status: "cancelled", errorCode: "link_missing" }]);
    expect(await reasonWords("link_missing")).toEqual({ es: "el enlace ya no existe", en: "the link no longer exists" });
    expect(await reasonWords("link_revoked")).toEqual({ es: "la clínica retiró el enlace", en: "the clinic withdrew the link" });
  });
});

describe("per-message work", () => {
  it("loads a claimed batch's subjects once per kind, not once per message, and sends every message", async () => {
    const s = await scene();
    const appointmentLoads = vi.spyOn(appointmentKind, "loadSubjects");
    const linkLoads = vi.spyOn(patientLinkKind, "loadSubjects");
    const visits = await insertTestDeliveries(
      database.db,
      Array.from({ length: 20 }, () => ({
        clinicId: s.clinicA.id,
        patientId: s.patient.id,
        appointmentId: s.visit.id,
        appointmentVersion: 1,
        notificationType: "booking_confirmation" as const,
        sendAt: NOW,
      })),
    );
    const links: Delivery[] = [];
    for (let i = 0; i < 3; i++) {
      const link = await s.share(s.clinicA.id, s.patient.id);
      links.push(
        await insertTestDelivery(database.db, {
          clinicId: s.clinicA.id,
          patientId: s.patient.id,
          notificationType: "lab_result_ready",
          subjectType: "secure_link",
          subjectId: link.id,
          payload: { linkUrl: link.url, linkDays: 7 },
          sendAt: NOW,
        }),
      );
    }
    const provider = createMemoryProvider();
    const result = await runSweep(
      // However slow the machine, the batch's contexts count as fresh here.
      { db: database.db, transports: provider.transports, now: () => NOW, contextMaxAgeMs: 60_000 },
      { batchSize: 100, scope: { clinicIds: [s.clinicA.id] } },
    );
    expect(result).toMatchObject({ claimed: 23, outcomes: { sent: 23 } });
    expect(appointmentLoads).toHaveBeenCalledTimes(1);
    expect(appointmentLoads.mock.calls[0][1]).toHaveLength(20);
    expect(linkLoads).toHaveBeenCalledTimes(1);
    expect(linkLoads.mock.calls[0][1]).toHaveLength(3);
    const sent = new Set(provider.accepted.map((m) => m.deliveryId));
    for (const row of [...visits, ...links]) expect(sent.has(row.id)).toBe(true);
    expect(provider.accepted.find((m) => m.deliveryId === links[0].id)?.text).toContain("/l/");
  });

  it("re-reads the context of a row that waited too long after its batch was loaded, so a visit cancelled meanwhile is seen", async () => {
    const original = appointmentKind.loadSubjects.bind(appointmentKind);
    const run = async (contextMaxAgeMs: number) => {
      const s = await scene();
      await insertTestDeliveries(
        database.db,
        Array.from({ length: 3 }, () => ({
          clinicId: s.clinicA.id,
          patientId: s.patient.id,
          appointmentId: s.visit.id,
          appointmentVersion: 1,
          notificationType: "booking_confirmation" as const,
          sendAt: NOW,
        })),
      );
      const loads = vi.spyOn(appointmentKind, "loadSubjects").mockImplementationOnce(async (db, keys) => {
        const subjects = await original(db, keys);
        // Staff cancel the visit right after the batch was read (its claimed rows are not `scheduled` any more).
        await database.db.update(appointments).set({ status: "cancelled" }).where(eq(appointments.id, s.visit.id));
        return subjects;
      });
      const provider = createMemoryProvider();
      const result = await runSweep(
        { db: database.db, transports: provider.transports, now: () => NOW, contextMaxAgeMs },
        { batchSize: 100, scope: { clinicIds: [s.clinicA.id] } },
      );
      const calls = loads.mock.calls.map((call) => call[1].length);
      loads.mockRestore();
      return { outcomes: result.outcomes, calls, accepted: provider.accepted.length };
    };
    // Fresh enough: decided on the batch's read.
    expect(await run(60_000)).toEqual({ outcomes: { sent: 3 }, calls: [3], accepted: 3 });
    // Too old: each row reads its visit again, finds it cancelled, and nothing goes out.
    expect(await run(-1)).toEqual({ outcomes: { cancelled: 3 }, calls: [3, 1, 1, 1], accepted: 0 });
  });
});
