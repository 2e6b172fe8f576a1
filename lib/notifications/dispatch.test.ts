import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { clinics, deliveries, deliveryEvents, patients } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, insertTestDeliveries } from "@/db/testing/factories";
import { bookAppointment, cancelAppointment, rescheduleAppointment } from "@/lib/appointments/change-appointment";
import { setNotificationChannel } from "./settings";
import { ChannelError } from "./channels/types";
import { claimDelivery, dispatchDelivery, processClaimedDelivery, runSweep, STUCK_AFTER_MS, type DispatchDeps } from "./dispatch";
import { createMemoryProvider } from "./testing/memory-transport";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const BOOKED_AT = new Date("2026-11-25T16:00:00Z"); // Wednesday 10:00 in Mexico City

async function bookedVisit(params: { locale?: "es" | "en"; email?: string | null; phone?: null; kind?: "in_person" | "video" } = {}) {
  const s = await createTwoClinics(database.db);
  const doctor = await createStaff(database.db, { clinicId: s.clinicA.id, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(database.db, {
    clinicId: s.clinicA.id,
    firstName: "María",
    lastName: "Hernández Ruiz",
    preferredLocale: params.locale ?? "es",
    email: params.email === undefined ? "maria@example.com" : params.email,
    ...(params.phone === null ? { phone: null } : {}),
  });
  const result = await bookAppointment(database.db, s.ctxA, {
    input: {
      patientId: patient.id,
      doctorId: doctor.id,
      startsAt: "2026-11-26T11:00", // tomorrow at 11:00: the 24 h reminder is due an hour after booking
      durationMinutes: 30,
      kind: params.kind ?? "in_person",
      videoUrl: params.kind === "video" ? "https://meet.example.com/luna-123" : undefined,
      internalNotes: "Sospecha de diabetes tipo 2",
    },
    now: BOOKED_AT,
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
  const rows = await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, result.appointmentId));
  const find = (type: string, channel: string) => rows.find((d) => d.notificationType === type && d.channel === channel)!;
  return { ...s, doctor, patient, appointmentId: result.appointmentId, find };
}

function deps(provider: ReturnType<typeof createMemoryProvider>, at: Date, overrides: Partial<DispatchDeps> = {}): DispatchDeps {
  return { db: database.db, transports: provider.transports, now: () => at, backoffMs: () => 60_000, ...overrides };
}

const reload = async (id: string) => (await database.db.select().from(deliveries).where(eq(deliveries.id, id)))[0];

describe("dispatchDelivery", () => {
  it("sends the confirmation in the patient's language with the clinic's time, and records the result", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    const confirmation = visit.find("booking_confirmation", "whatsapp");
    expect(await dispatchDelivery(deps(provider, BOOKED_AT), confirmation.id)).toBe("sent");

    expect(provider.accepted).toHaveLength(1);
    const [message] = provider.accepted;
    expect(message).toMatchObject({
      to: visit.patient.phone,
      channel: "whatsapp",
      locale: "es",
      templateKey: "booking_confirmation.in_person.es",
    });
    expect(message.text).toContain("María");
    expect(message.text).toMatch(/11:00 a\.m\./);
    expect(message.text).not.toMatch(/Hernández|diabetes/i);

    const row = await reload(confirmation.id);
    expect(row).toMatchObject({ status: "queued", providerMessageId: message.sid, simulated: false, attempts: 1, errorCode: null });
    expect(row.variables).toEqual(message.contentVariables);
    const events = await database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, confirmation.id));
    expect(events.map((e) => e.status)).toEqual(["scheduled", "queued"]);
  });

  it("renders English for a patient who prefers it, and the video link for a video visit", async () => {
    const visit = await bookedVisit({ locale: "en", kind: "video" });
    const provider = createMemoryProvider();
    await dispatchDelivery(deps(provider, BOOKED_AT), visit.find("booking_confirmation", "whatsapp").id);
    const [message] = provider.accepted;
    expect(message.templateKey).toBe("booking_confirmation.video.en");
    expect(message.text).toContain("https://meet.example.com/luna-123");
    expect(Object.values(message.contentVariables)).toContain("https://meet.example.com/luna-123");
    expect(message.email).toBeUndefined(); // React Email is rendered for email deliveries only
  });

  it("does not send before its time, and never twice", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    const reminder = visit.find("reminder", "whatsapp");
    expect(await dispatchDelivery(deps(provider, BOOKED_AT), reminder.id)).toBe("not_claimed");
    const due = new Date("2026-11-25T17:00:00Z");
    expect(reminder.sendAt).toEqual(due);
    const later = new Date(due.getTime() + 1000);
    expect(await dispatchDelivery(deps(provider, later), reminder.id)).toBe("sent");
    expect(await dispatchDelivery(deps(provider, later), reminder.id)).toBe("not_claimed");
    expect(provider.accepted).toHaveLength(1);
  });

  it("never lets a reminder out after a cancellation, even one that slipped past the cancel", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    const reminder = visit.find("reminder", "whatsapp");
    await cancelAppointment(database.db, visit.ctxA, { input: { appointmentId: visit.appointmentId }, now: BOOKED_AT });
    expect((await reload(reminder.id)).status).toBe("cancelled");
    // A driver that had already claimed the row before the cancel committed still re-checks.
    await database.db.update(deliveries).set({ status: "scheduled" }).where(eq(deliveries.id, reminder.id));
    const claimed = (await claimDelivery(database.db, { deliveryId: reminder.id, now: new Date("2026-11-25T17:00:00Z") }))!;
    expect(await processClaimedDelivery(deps(provider, new Date("2026-11-25T17:00:00Z")), claimed)).toBe("cancelled");
    expect(provider.accepted).toEqual([]);
    expect(await reload(reminder.id)).toMatchObject({ status: "cancelled", errorCode: "appointment_cancelled" });
  });

  it("never sends the old time after a reschedule", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    const oldReminder = visit.find("reminder", "whatsapp");
    await dispatchDelivery(deps(provider, BOOKED_AT), visit.find("booking_confirmation", "whatsapp").id);
    const moved = await rescheduleAppointment(database.db, visit.ctxA, {
      input: { appointmentId: visit.appointmentId, startsAt: "2026-11-27T12:00" },
      now: new Date(BOOKED_AT.getTime() + 60_000),
    });
    expect(moved.ok).toBe(true);
    // Force the stale row back to scheduled, as if the cancel had been lost: the version check still stops it.
    await database.db.update(deliveries).set({ status: "scheduled" }).where(eq(deliveries.id, oldReminder.id));
    const at = new Date("2026-11-26T12:00:00Z");
    const result = await runSweep(deps(provider, at), { scope: { clinicIds: [visit.clinicA.id] } });
    const sent = provider.accepted.slice(1);
    expect(sent.map((m) => m.templateKey)).toEqual(["reschedule.in_person.es"]);
    expect(sent.every((m) => /12:00/.test(m.text) && !/11:00/.test(m.text))).toBe(true);
    expect(await reload(oldReminder.id)).toMatchObject({ status: "cancelled", errorCode: "stale_version" });
    expect(result.outcomes.cancelled).toBe(1);
  });

  it("skips a channel the patient opted out of and falls back to the next one the clinic allows", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    await database.db
      .update(patients)
      .set({ whatsappOptedOutAt: BOOKED_AT, whatsappOptOutSource: "patient_reply" })
      .where(eq(patients.id, visit.patient.id));
    const whatsapp = visit.find("booking_confirmation", "whatsapp");
    expect(await dispatchDelivery(deps(provider, BOOKED_AT), whatsapp.id)).toBe("skipped");
    expect(await reload(whatsapp.id)).toMatchObject({ status: "skipped", errorCode: "opted_out" });
    // Confirmations allow email: the same message is planned there, chained to the skipped one.
    const [fallback] = await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, whatsapp.id));
    expect(fallback).toMatchObject({ channel: "email", status: "scheduled", notificationType: "booking_confirmation" });
    expect(await dispatchDelivery(deps(provider, BOOKED_AT), fallback.id)).toBe("sent");
    expect(provider.accepted.map((m) => [m.channel, m.to])).toEqual([["email", "maria@example.com"]]);
  });

  it("a patient reached by email only gets the confirmation by email, with the clinic's address and a maps link", async () => {
    const visit = await bookedVisit({ phone: null });
    await database.db.update(clinics).set({ address: "Av. Insurgentes Sur 1234, CDMX" }).where(eq(clinics.id, visit.clinicA.id));
    const provider = createMemoryProvider();
    // Planned on email from the start: WhatsApp and SMS cannot reach a patient without a phone.
    expect(visit.find("booking_confirmation", "whatsapp")).toBeUndefined();
    const email = visit.find("booking_confirmation", "email");
    expect(await dispatchDelivery(deps(provider, BOOKED_AT), email.id)).toBe("sent");
    const [message] = provider.accepted;
    expect(message).toMatchObject({ channel: "email", to: "maria@example.com" });
    expect(message.email?.html).toContain("https://www.google.com/maps/search/?api=1&amp;query=Av.+Insurgentes+Sur+1234%2C+CDMX");
    // On record: the words the patient got, address included.
    expect((await reload(email.id)).sentBody).toContain("Dirección: Av. Insurgentes Sur 1234, CDMX");
  });

  it("skips a type the clinic turned off, with nothing left to fall back to", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    await setNotificationChannel(database.db, {
      clinicId: visit.clinicA.id,
      notificationType: "reminder",
      channel: "whatsapp",
      enabled: false,
    });
    const reminder = visit.find("reminder", "whatsapp");
    expect(await dispatchDelivery(deps(provider, new Date("2026-11-25T17:00:01Z")), reminder.id)).toBe("skipped");
    expect(await reload(reminder.id)).toMatchObject({ status: "skipped", errorCode: "setting_off" });
    expect(await database.db.select().from(deliveries).where(eq(deliveries.fallbackOfId, reminder.id))).toEqual([]);
    expect(provider.accepted).toEqual([]);
  });

  it("backs off and retries a retryable failure, then gives up after the last attempt", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    provider.failWith(() => new ChannelError("http_503", "Service Unavailable", { retryable: true }));
    const id = visit.find("booking_confirmation", "whatsapp").id;
    let at = BOOKED_AT;
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await dispatchDelivery(deps(provider, at, { maxAttempts: 3 }), id)).toBe("retry");
      const row = await reload(id);
      expect(row).toMatchObject({ status: "scheduled", attempts: attempt, errorCode: "http_503" });
      expect(row.nextAttemptAt).toEqual(new Date(at.getTime() + 60_000));
      expect(await dispatchDelivery(deps(provider, at, { maxAttempts: 3 }), id)).toBe("not_claimed");
      at = new Date(at.getTime() + 60_000);
    }
    expect(await dispatchDelivery(deps(provider, at, { maxAttempts: 3 }), id)).toBe("failed");
    expect(await reload(id)).toMatchObject({ status: "failed", attempts: 3, errorCode: "http_503" });
    provider.heal();
  });

  it("fails a permanent error at once and learns from it: 21610 opts the patient out, 63003 marks WhatsApp unreachable", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    provider.failWith((m) =>
      m.channel === "whatsapp"
        ? new ChannelError("63003", "not a WhatsApp user", { retryable: false, unreachable: true })
        : new ChannelError("21610", "unsubscribed", { retryable: false, optOut: true }),
    );
    await setNotificationChannel(database.db, { clinicId: visit.clinicA.id, notificationType: "reminder", channel: "sms", enabled: true });
    const rebooked = await rescheduleAppointment(database.db, visit.ctxA, {
      input: { appointmentId: visit.appointmentId, startsAt: "2026-11-27T10:00" },
      now: BOOKED_AT,
    });
    expect(rebooked.ok).toBe(true);
    // WhatsApp fails with 63003 → the reminder falls back to SMS → SMS fails with 21610 (email is off for reminders).
    const at = new Date("2026-11-26T16:00:01Z");
    const first = await runSweep(deps(provider, at), { scope: { clinicIds: [visit.clinicA.id] } });
    const second = await runSweep(deps(provider, at), { scope: { clinicIds: [visit.clinicA.id] } });
    expect((first.outcomes.failed ?? 0) + (second.outcomes.failed ?? 0)).toBeGreaterThanOrEqual(2);
    const [patient] = await database.db.select().from(patients).where(eq(patients.id, visit.patient.id));
    expect(patient).toMatchObject({ whatsappReachability: "no", smsOptOutSource: "provider" });
    expect(patient.smsOptedOutAt).not.toBeNull();
    const failed = await database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.appointmentId, visit.appointmentId), eq(deliveries.status, "failed")));
    expect(failed.map((d) => d.errorCode).sort()).toEqual(expect.arrayContaining(["21610", "63003"]));
  });

  it("recovers a crash between send and record without sending again", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    const confirmation = visit.find("booking_confirmation", "whatsapp");
    // The run claims the row and the provider accepts the message; the process dies before recording it.
    const claimed = (await claimDelivery(database.db, { deliveryId: confirmation.id, now: BOOKED_AT }))!;
    const sent = await provider.transports.whatsapp.send({
      deliveryId: claimed.id,
      channel: "whatsapp",
      to: visit.patient.phone,
      locale: "es",
      templateKey: claimed.templateKey,
      text: "…",
      contentVariables: { "1": "María" },
    });
    expect((await reload(confirmation.id)).status).toBe("sending");

    // Before the timeout the row is left alone; after it, the sweep asks the provider and records.
    expect(
      (await runSweep(deps(provider, new Date(BOOKED_AT.getTime() + 60_000)), { scope: { clinicIds: [visit.clinicA.id] } })).recovered,
    ).toEqual({ recorded: 0, requeued: 0 });
    const later = new Date(BOOKED_AT.getTime() + STUCK_AFTER_MS + 1000);
    const result = await runSweep(deps(provider, later), { scope: { clinicIds: [visit.clinicA.id] } });
    expect(result.recovered.recorded).toBe(1);
    expect(provider.accepted.filter((m) => m.deliveryId === confirmation.id)).toHaveLength(1);
    expect(await reload(confirmation.id)).toMatchObject({ status: "queued", providerMessageId: sent.providerMessageId });
  });

  it("re-queues a crashed row the provider never accepted, and then sends it once", async () => {
    const visit = await bookedVisit();
    const provider = createMemoryProvider();
    const confirmation = visit.find("booking_confirmation", "whatsapp");
    await claimDelivery(database.db, { deliveryId: confirmation.id, now: BOOKED_AT });
    const later = new Date(BOOKED_AT.getTime() + STUCK_AFTER_MS + 1000);
    const result = await runSweep(deps(provider, later), { scope: { clinicIds: [visit.clinicA.id] } });
    expect(result.recovered.requeued).toBe(1);
    expect(provider.accepted.filter((m) => m.deliveryId === confirmation.id)).toHaveLength(1);
    expect((await reload(confirmation.id)).status).toBe("queued");
  });
});

describe("two dispatchers racing", () => {
  it("send each of 1,000 due deliveries exactly once", { timeout: 180_000 }, async () => {
    const visit = await bookedVisit();
    const template = visit.find("booking_confirmation", "whatsapp");
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      clinicId: template.clinicId,
      patientId: template.patientId,
      appointmentId: template.appointmentId,
      appointmentVersion: template.appointmentVersion,
      notificationType: template.notificationType,
      channel: template.channel,
      locale: template.locale,
      templateKey: template.templateKey,
      sendAt: BOOKED_AT,
      idempotencyKey: `race:${template.id}:${i}`,
    }));
    const inserted = new Set((await insertTestDeliveries(database.db, rows)).map((r) => r.id));

    // On PostgreSQL the second dispatcher has its own connection pool, as a second process would.
    const second = process.env.DATABASE_URL ? await openTestDatabase() : database;
    const provider = createMemoryProvider();
    const scope = { clinicIds: [visit.clinicA.id] };
    const at = new Date(BOOKED_AT.getTime() + 1000);
    const [a, b] = await Promise.all([
      runSweep(deps(provider, at), { batchSize: 50, concurrency: 4, maxBatches: 100, scope }),
      runSweep({ ...deps(provider, at), db: second.db }, { batchSize: 50, concurrency: 4, maxBatches: 100, scope }),
    ]);
    if (second !== database) await second.close();

    const ids = provider.accepted.map((m) => m.deliveryId).filter((id) => inserted.has(id));
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(a.claimed).toBeGreaterThan(0);
    expect(b.claimed).toBeGreaterThan(0);
    const stillPending = await database.db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.appointmentId, template.appointmentId!), eq(deliveries.status, "scheduled")));
    expect(stillPending.filter((r) => inserted.has(r.id))).toEqual([]);
  });
});
