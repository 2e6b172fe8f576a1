import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveries, patients } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { setNotificationChannel } from "./settings";
import { ChannelError } from "./channels/types";
import { dispatchDelivery, runSweep, type DispatchDeps } from "./dispatch";
import { fallBackUndeliveredTimeCritical, learnFromProviderError, timeCriticalFallbackMs } from "./fallback";
import { createMemoryProvider } from "./testing/memory-transport";
import { installDriver, uninstallDriver } from "./drivers/current";
import type { NotificationDriver } from "./drivers/types";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");

async function clinicWith(allowed: { sms: boolean; email: boolean }) {
  const s = await createTwoClinics(database.db);
  const doctor = await createStaff(database.db, { clinicId: s.clinicA.id, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(database.db, { clinicId: s.clinicA.id, firstName: "Lucía", email: "lucia@example.com" });
  for (const type of ["booking_confirmation", "reminder_1h"] as const) {
    await setNotificationChannel(database.db, { clinicId: s.clinicA.id, notificationType: type, channel: "whatsapp", enabled: true });
    await setNotificationChannel(database.db, { clinicId: s.clinicA.id, notificationType: type, channel: "sms", enabled: allowed.sms });
    await setNotificationChannel(database.db, { clinicId: s.clinicA.id, notificationType: type, channel: "email", enabled: allowed.email });
  }
  const book = async (startsAt: string, now = NOW) => {
    const result = await bookAppointment(database.db, s.ctxA, {
      input: { patientId: patient.id, doctorId: doctor.id, startsAt, durationMinutes: 30, kind: "in_person" },
      now,
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    return database.db.select().from(deliveries).where(eq(deliveries.appointmentId, result.appointmentId));
  };
  return { ...s, patient, book };
}

const deps = (provider: ReturnType<typeof createMemoryProvider>, at: Date): DispatchDeps => ({
  db: database.db,
  transports: provider.transports,
  now: () => at,
});

const notOnWhatsApp = () => new ChannelError("63003", "Channel could not find To address", { retryable: false, unreachable: true });

describe("WhatsApp → SMS → email fallback", () => {
  it("sends the same message by SMS when WhatsApp cannot reach the number, and records the chain", async () => {
    const c = await clinicWith({ sms: true, email: true });
    const rows = await c.book("2026-11-28T10:00");
    const confirmation = rows.find((d) => d.notificationType === "booking_confirmation")!;
    expect(confirmation.channel).toBe("whatsapp");
    const provider = createMemoryProvider();
    provider.failWith((m) => (m.channel === "whatsapp" ? notOnWhatsApp() : null));

    expect(await dispatchDelivery(deps(provider, NOW), confirmation.id)).toBe("failed");
    const chain = await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, confirmation.id));
    expect(chain).toHaveLength(1);
    expect(chain[0]).toMatchObject({ channel: "sms", notificationType: "booking_confirmation", appointmentVersion: 1 });
    await runSweep(deps(provider, NOW), { scope: { clinicIds: [c.clinicA.id] } });
    expect(provider.accepted.map((m) => m.channel)).toEqual(["sms"]);
    expect((await database.db.select().from(deliveries).where(eq(deliveries.id, chain[0].id)))[0].status).toBe("queued");

    // Learned: the next message to this patient goes straight to SMS.
    const [patient] = await database.db.select().from(patients).where(eq(patients.id, c.patient.id));
    expect(patient.whatsappReachability).toBe("no");
    const next = await c.book("2026-12-02T10:00");
    expect(next.find((d) => d.notificationType === "booking_confirmation")?.channel).toBe("sms");
  });

  it("hands the fallback it plans during a send to the driver at once (under Inngest nothing else would time it)", async () => {
    const handed: string[] = [];
    const driver: NotificationDriver = {
      kind: "inngest",
      deliveriesScheduled: async (rows) => void handed.push(...rows.map((r) => r.id)),
      subjectChanged: async () => {},
      stop: async () => {},
    };
    await installDriver(driver);
    try {
      const c = await clinicWith({ sms: true, email: true });
      const confirmation = (await c.book("2026-11-28T10:00")).find((d) => d.notificationType === "booking_confirmation")!;
      handed.length = 0;
      const provider = createMemoryProvider();
      provider.failWith((m) => (m.channel === "whatsapp" ? notOnWhatsApp() : null));
      expect(await dispatchDelivery(deps(provider, NOW), confirmation.id)).toBe("failed");
      const [fallback] = await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, confirmation.id));
      expect(fallback.channel).toBe("sms");
      expect(handed).toEqual([fallback.id]);
    } finally {
      await uninstallDriver();
    }
  });

  it("falls back to email when the clinic does not allow SMS, and stops when nothing is left", async () => {
    const c = await clinicWith({ sms: false, email: true });
    const confirmation = (await c.book("2026-11-28T10:00")).find((d) => d.notificationType === "booking_confirmation")!;
    const provider = createMemoryProvider();
    provider.failWith((m) => (m.channel === "whatsapp" ? notOnWhatsApp() : null));
    await dispatchDelivery(deps(provider, NOW), confirmation.id);
    const [fallback] = await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, confirmation.id));
    expect(fallback.channel).toBe("email");

    const none = await clinicWith({ sms: false, email: false });
    const only = (await none.book("2026-11-28T10:00")).find((d) => d.notificationType === "booking_confirmation")!;
    await dispatchDelivery(deps(provider, NOW), only.id);
    expect(await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, only.id))).toEqual([]);
  });

  it("falls back a 1 h reminder that WhatsApp accepted but did not deliver in time — once", async () => {
    const c = await clinicWith({ sms: true, email: false });
    const rows = await c.book("2026-11-25T12:00"); // 18:00 UTC, two hours after NOW
    const reminder = rows.find((d) => d.notificationType === "reminder_1h")!;
    expect(reminder).toMatchObject({ channel: "whatsapp", sendAt: new Date("2026-11-25T17:00:00Z") });
    const provider = createMemoryProvider();
    const sentAt = new Date("2026-11-25T17:00:05Z");
    await dispatchDelivery(deps(provider, sentAt), reminder.id);
    expect((await database.db.select().from(deliveries).where(eq(deliveries.id, reminder.id)))[0].status).toBe("queued");

    const scope = [c.clinicA.id];
    expect(await fallBackUndeliveredTimeCritical(database.db, { now: new Date(sentAt.getTime() + 60_000), clinicIds: scope })).toEqual([]);
    const late = new Date(sentAt.getTime() + timeCriticalFallbackMs() + 1000);
    const planned = await fallBackUndeliveredTimeCritical(database.db, { now: late, clinicIds: scope });
    expect(planned.map((d) => [d.channel, d.fallbackOfId])).toEqual([["sms", reminder.id]]);
    expect(await fallBackUndeliveredTimeCritical(database.db, { now: late, clinicIds: scope })).toEqual([]);
  });

  it("leaves a delivered time-critical message alone", async () => {
    const c = await clinicWith({ sms: true, email: false });
    const reminder = (await c.book("2026-11-25T12:00")).find((d) => d.notificationType === "reminder_1h")!;
    const provider = createMemoryProvider();
    const sentAt = new Date("2026-11-25T17:00:05Z");
    await dispatchDelivery(deps(provider, sentAt), reminder.id);
    await database.db
      .update(deliveries)
      .set({ status: "delivered" })
      .where(and(eq(deliveries.clinicId, c.clinicA.id), eq(deliveries.id, reminder.id)));
    const late = new Date(sentAt.getTime() + timeCriticalFallbackMs() + 1000);
    expect(await fallBackUndeliveredTimeCritical(database.db, { now: late, clinicIds: [c.clinicA.id] })).toEqual([]);
  });
});

describe("learnFromProviderError", () => {
  it("records a provider opt-out, but keeps the time and source of one already on record", async () => {
    const c = await clinicWith({ sms: true, email: true });
    const earlier = new Date("2026-11-20T10:00:00Z");
    const delivery = { patientId: c.patient.id, clinicId: c.clinicA.id, channel: "sms" as const };
    await learnFromProviderError(database.db, { delivery, rule: { optOut: true }, now: earlier });
    let [p] = await database.db.select().from(patients).where(eq(patients.id, c.patient.id));
    expect(p).toMatchObject({ smsOptedOutAt: earlier, smsOptOutSource: "provider", whatsappOptedOutAt: null });

    await database.db
      .update(patients)
      .set({ smsOptedOutAt: earlier, smsOptOutSource: "patient_reply" })
      .where(eq(patients.id, c.patient.id));
    await learnFromProviderError(database.db, { delivery, rule: { optOut: true, unreachable: true }, now: NOW });
    [p] = await database.db.select().from(patients).where(eq(patients.id, c.patient.id));
    expect(p).toMatchObject({ smsOptedOutAt: earlier, smsOptOutSource: "patient_reply", smsReachability: "no" });
  });
});

describe("fallback tuning", () => {
  it("reads the time-critical window and the WhatsApp retry period from the environment", async () => {
    const { resetEnvCache } = await import("@/lib/env");
    const { whatsappRetryAfterDays } = await import("./provider-errors");
    expect(timeCriticalFallbackMs()).toBe(10 * 60_000);
    expect(whatsappRetryAfterDays()).toBe(30);
    process.env.TIME_CRITICAL_FALLBACK_MINUTES = "3";
    process.env.WHATSAPP_RETRY_AFTER_DAYS = "7";
    resetEnvCache();
    try {
      expect(timeCriticalFallbackMs()).toBe(3 * 60_000);
      expect(whatsappRetryAfterDays()).toBe(7);
    } finally {
      delete process.env.TIME_CRITICAL_FALLBACK_MINUTES;
      delete process.env.WHATSAPP_RETRY_AFTER_DAYS;
      resetEnvCache();
    }
  });
});
