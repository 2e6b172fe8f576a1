import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, auditLog, clinics, deliveries, deliveryEvents } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { resetEnvCache } from "@/lib/env";
import { bookAppointment, cancelAppointment, rescheduleAppointment } from "./change-appointment";
import type { MessageForecast } from "@/lib/notifications/forecast-messages";
import { sendDelivery } from "@/lib/notifications/testing/sent-visit";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z"); // 10:00 in Mexico City

async function setup() {
  const two = await createTwoClinics(database.db);
  const doctorA = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
  const doctorB = await createStaff(database.db, { clinicId: two.clinicB.id, role: "doctor" });
  const patientA = await createPatient(database.db, { clinicId: two.clinicA.id, email: "maria@example.com" });
  const patientB = await createPatient(database.db, { clinicId: two.clinicB.id });
  return { ...two, doctorA, doctorB, patientA, patientB };
}

const booking = (s: Awaited<ReturnType<typeof setup>>, overrides: Record<string, unknown> = {}) => ({
  patientId: s.patientA.id,
  doctorId: s.doctorA.id,
  startsAt: "2026-11-28T10:00",
  durationMinutes: "30",
  kind: "in_person",
  internalNotes: "Sospecha de diabetes",
  ...overrides,
});

const pendingOf = async (appointmentId: string) =>
  (await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, appointmentId)))
    .filter((d) => d.status === "scheduled")
    .map((d) => `${d.notificationType}/${d.channel}/v${d.appointmentVersion}`)
    .sort();

describe("bookAppointment", () => {
  it("stores the clinic-local time as an instant and writes the confirmation and reminder in the same transaction", async () => {
    const s = await setup();
    const result = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const [appointment] = await database.db.select().from(appointments).where(eq(appointments.id, result.appointmentId));
    expect(appointment).toMatchObject({
      startsAt: new Date("2026-11-28T16:00:00Z"),
      endsAt: new Date("2026-11-28T16:30:00Z"),
      status: "scheduled",
      version: 1,
    });
    expect(await pendingOf(appointment.id)).toEqual(["booking_confirmation/whatsapp/v1", "reminder/whatsapp/v1"]);
    const reminder = (await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, appointment.id))).find(
      (d) => d.notificationType === "reminder",
    )!;
    expect(reminder.sendAt).toEqual(new Date("2026-11-27T16:00:00Z"));
    expect(reminder.nextAttemptAt).toEqual(reminder.sendAt);
    expect(result.scheduled).toHaveLength(2);
    const events = await database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, reminder.id));
    expect(events.map((e) => e.status)).toEqual(["scheduled"]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, appointment.id));
    expect(audit.map((a) => a.action)).toEqual(["appointment.book"]);
  });

  it("accepts an instant with an offset as well as a clinic-local time", async () => {
    const s = await setup();
    const result = await bookAppointment(database.db, s.ctxA, { input: booking(s, { startsAt: "2026-11-28T16:00:00Z" }), now: NOW });
    expect(result.ok).toBe(true);
  });

  it.each([
    ["a time in the past", { startsAt: "2026-11-25T09:00" }, { startsAt: "inThePast" }],
    ["an unreadable time", { startsAt: "mañana a las 10" }, { startsAt: "invalidTime" }],
    ["a video visit without a link", { kind: "video" }, { videoUrl: "videoUrlRequired" }],
    ["a video link that is not https", { kind: "video", videoUrl: "http://meet.example.com/x" }, { videoUrl: "videoUrlInvalid" }],
    ["a zero duration", { durationMinutes: "0" }, { durationMinutes: "durationInvalid" }],
    ["no patient", { patientId: "" }, { patientId: "patientRequired" }],
  ])("refuses %s with a field error and writes nothing", async (_label, overrides, fieldErrors) => {
    const s = await setup();
    const result = await bookAppointment(database.db, s.ctxA, { input: booking(s, overrides), now: NOW });
    expect(result).toEqual({ ok: false, error: "invalid", fieldErrors });
    expect(await database.db.select().from(appointments).where(eq(appointments.clinicId, s.clinicA.id))).toEqual([]);
    expect(await database.db.select().from(deliveries).where(eq(deliveries.clinicId, s.clinicA.id))).toEqual([]);
  });

  it("refuses another clinic's patient or doctor as if they did not exist", async () => {
    const s = await setup();
    expect(await bookAppointment(database.db, s.ctxA, { input: booking(s, { patientId: s.patientB.id }), now: NOW })).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { patientId: "patientNotFound" },
    });
    expect(await bookAppointment(database.db, s.ctxA, { input: booking(s, { doctorId: s.doctorB.id }), now: NOW })).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { doctorId: "doctorNotFound" },
    });
    expect(await database.db.select().from(appointments).where(eq(appointments.clinicId, s.clinicA.id))).toEqual([]);
  });

  it("refuses an appointment overlapping the same doctor, but not back-to-back or after a cancellation", async () => {
    const s = await setup();
    const first = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!first.ok) throw new Error("expected ok");
    const other = await createPatient(database.db, { clinicId: s.clinicA.id });
    const overlapping = await bookAppointment(database.db, s.ctxA, {
      input: booking(s, { patientId: other.id, startsAt: "2026-11-28T10:15" }),
      now: NOW,
    });
    expect(overlapping).toEqual({ ok: false, error: "invalid", fieldErrors: { startsAt: "doctorBusy" } });
    const backToBack = await bookAppointment(database.db, s.ctxA, {
      input: booking(s, { patientId: other.id, startsAt: "2026-11-28T10:30" }),
      now: NOW,
    });
    expect(backToBack.ok).toBe(true);
    await cancelAppointment(database.db, s.ctxA, { input: { appointmentId: first.appointmentId }, now: NOW });
    const retake = await bookAppointment(database.db, s.ctxA, {
      input: booking(s, { patientId: other.id, startsAt: "2026-11-28T10:00" }),
      now: NOW,
    });
    expect(retake.ok).toBe(true);
  });
});

describe("rescheduleAppointment", () => {
  it("bumps the version, cancels the old version's pending messages and plans the new ones", async () => {
    const s = await setup();
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!booked.ok) throw new Error("expected ok");
    // The confirmation went out.
    await database.db
      .update(deliveries)
      .set({ status: "sent" })
      .where(and(eq(deliveries.appointmentId, booked.appointmentId), eq(deliveries.notificationType, "booking_confirmation")));

    const moved = await rescheduleAppointment(database.db, s.ctxA, {
      input: { appointmentId: booked.appointmentId, startsAt: "2026-12-02T12:00" },
      now: new Date(NOW.getTime() + 60_000),
    });
    expect(moved.ok).toBe(true);
    const [appointment] = await database.db.select().from(appointments).where(eq(appointments.id, booked.appointmentId));
    expect(appointment).toMatchObject({ version: 2, startsAt: new Date("2026-12-02T18:00:00Z"), endsAt: new Date("2026-12-02T18:30:00Z") });
    expect(await pendingOf(appointment.id)).toEqual(["reminder/whatsapp/v2", "reschedule/whatsapp/v2"]);
    const all = await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, appointment.id));
    expect(all.find((d) => d.notificationType === "reminder" && d.appointmentVersion === 1)).toMatchObject({
      status: "cancelled",
      errorCode: "appointment_changed",
    });
  });

  it("sends one reschedule notice for quick successive edits", async () => {
    const s = await setup();
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!booked.ok) throw new Error("expected ok");
    await database.db
      .update(deliveries)
      .set({ status: "sent" })
      .where(and(eq(deliveries.appointmentId, booked.appointmentId), eq(deliveries.notificationType, "booking_confirmation")));
    for (const [minute, time] of [
      [1, "2026-12-02T12:00"],
      [2, "2026-12-02T13:00"],
      [3, "2026-12-03T09:00"],
    ] as const) {
      const r = await rescheduleAppointment(database.db, s.ctxA, {
        input: { appointmentId: booked.appointmentId, startsAt: time },
        now: new Date(NOW.getTime() + minute * 60_000),
      });
      expect(r.ok).toBe(true);
    }
    const notices = (await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, booked.appointmentId))).filter(
      (d) => d.notificationType === "reschedule" && d.channel === "whatsapp",
    );
    expect(notices.map((n) => `${n.status}/v${n.appointmentVersion}`).sort()).toEqual(["cancelled/v2", "cancelled/v3", "scheduled/v4"]);
  });

  it("waits RESCHEDULE_COALESCE_SECONDS before the notice when set, two minutes otherwise", async () => {
    const noticeDelayMs = async () => {
      const s = await setup();
      const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
      if (!booked.ok) throw new Error("expected ok");
      await database.db
        .update(deliveries)
        .set({ status: "sent" })
        .where(and(eq(deliveries.appointmentId, booked.appointmentId), eq(deliveries.notificationType, "booking_confirmation")));
      const movedAt = new Date(NOW.getTime() + 60_000);
      await rescheduleAppointment(database.db, s.ctxA, {
        input: { appointmentId: booked.appointmentId, startsAt: "2026-12-02T12:00" },
        now: movedAt,
      });
      const [notice] = (await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, booked.appointmentId))).filter(
        (d) => d.notificationType === "reschedule",
      );
      return notice.sendAt.getTime() - movedAt.getTime();
    };
    try {
      process.env.RESCHEDULE_COALESCE_SECONDS = "15";
      resetEnvCache();
      expect(await noticeDelayMs()).toBe(15_000);
    } finally {
      delete process.env.RESCHEDULE_COALESCE_SECONDS;
      resetEnvCache();
    }
    expect(await noticeDelayMs()).toBe(120_000);
  });

  it("refuses to move a cancelled appointment, into the past, or onto a busy doctor", async () => {
    const s = await setup();
    const a = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    const other = await createPatient(database.db, { clinicId: s.clinicA.id });
    const b = await bookAppointment(database.db, s.ctxA, {
      input: booking(s, { patientId: other.id, startsAt: "2026-11-29T10:00" }),
      now: NOW,
    });
    if (!a.ok || !b.ok) throw new Error("expected ok");
    expect(
      await rescheduleAppointment(database.db, s.ctxA, {
        input: { appointmentId: a.appointmentId, startsAt: "2026-11-29T10:10" },
        now: NOW,
      }),
    ).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { startsAt: "doctorBusy" },
    });
    expect(
      await rescheduleAppointment(database.db, s.ctxA, {
        input: { appointmentId: a.appointmentId, startsAt: "2026-11-20T10:00" },
        now: NOW,
      }),
    ).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { startsAt: "inThePast" },
    });
    await cancelAppointment(database.db, s.ctxA, { input: { appointmentId: a.appointmentId }, now: NOW });
    expect(
      await rescheduleAppointment(database.db, s.ctxA, {
        input: { appointmentId: a.appointmentId, startsAt: "2026-12-05T10:00" },
        now: NOW,
      }),
    ).toEqual({
      ok: false,
      error: "alreadyCancelled",
    });
  });
});

describe("cancelAppointment", () => {
  it("cancels every pending message and plans the cancellation notice", async () => {
    const s = await setup();
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!booked.ok) throw new Error("expected ok");
    const result = await cancelAppointment(database.db, s.ctxA, { input: { appointmentId: booked.appointmentId }, now: NOW });
    expect(result.ok).toBe(true);
    expect(await pendingOf(booked.appointmentId)).toEqual(["cancellation/whatsapp/v1"]);
    expect(await cancelAppointment(database.db, s.ctxA, { input: { appointmentId: booked.appointmentId }, now: NOW })).toEqual({
      ok: false,
      error: "alreadyCancelled",
    });
  });
});

describe("tenancy", () => {
  it("staff of clinic B can neither move nor cancel clinic A's appointment", async () => {
    const s = await setup();
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!booked.ok) throw new Error("expected ok");
    expect(
      await rescheduleAppointment(database.db, s.ctxB, {
        input: { appointmentId: booked.appointmentId, startsAt: "2026-12-05T10:00" },
        now: NOW,
      }),
    ).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(await cancelAppointment(database.db, s.ctxB, { input: { appointmentId: booked.appointmentId }, now: NOW })).toEqual({
      ok: false,
      error: "notFound",
    });
    const [unchanged] = await database.db.select().from(appointments).where(eq(appointments.id, booked.appointmentId));
    expect(unchanged).toMatchObject({ status: "scheduled", version: 1 });
  });
});

describe("what staff are told (the forecast, from the planner and the engine's own decision)", () => {
  const summary = (forecast: MessageForecast[]) =>
    forecast.map((f) => `${f.notificationType}/${f.channel ?? "-"}/${f.outcome === "send" ? "send" : `not_sent:${f.reason}`}`);

  it("books: each message with its channel and time, and the 1 h reminder the clinic has off", async () => {
    const s = await setup();
    const result = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(summary(result.forecast)).toEqual([
      "booking_confirmation/whatsapp/send",
      "reminder/whatsapp/send",
      "reminder_1h/-/not_sent:setting_off",
    ]);
    expect(result.forecast[1]).toMatchObject({ sendAt: new Date("2026-11-27T16:00:00Z"), heldByQuietHours: false });
  });

  it("a patient opted out of WhatsApp with no other usable channel: every message says it will not be sent", async () => {
    const s = await setup();
    const optedOut = await createPatient(database.db, { clinicId: s.clinicA.id, whatsappOptedOutAt: NOW, email: null });
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s, { patientId: optedOut.id }), now: NOW });
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    expect(summary(booked.forecast)).toEqual([
      "booking_confirmation/whatsapp/not_sent:opted_out",
      "reminder/whatsapp/not_sent:opted_out",
      "reminder_1h/-/not_sent:setting_off",
    ]);
    const moved = await rescheduleAppointment(database.db, s.ctxA, {
      input: { appointmentId: booked.appointmentId, startsAt: "2026-11-29T10:00" },
      now: NOW,
    });
    if (!moved.ok) throw new Error(JSON.stringify(moved));
    expect(summary(moved.forecast)).toContain("reminder/whatsapp/not_sent:opted_out");
    const cancelled = await cancelAppointment(database.db, s.ctxA, { input: { appointmentId: booked.appointmentId }, now: NOW });
    if (!cancelled.ok) throw new Error(JSON.stringify(cancelled));
    expect(summary(cancelled.forecast)).toEqual(["cancellation/whatsapp/not_sent:opted_out"]);
  });

  it("an email on file takes the confirmation the clinic allows by email; the reminder (WhatsApp only) will not be sent", async () => {
    const s = await setup();
    const optedOut = await createPatient(database.db, { clinicId: s.clinicA.id, whatsappOptedOutAt: NOW, email: "ana@example.com" });
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s, { patientId: optedOut.id }), now: NOW });
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    expect(summary(booked.forecast).slice(0, 2)).toEqual(["booking_confirmation/email/send", "reminder/whatsapp/not_sent:opted_out"]);
  });

  it("a patient reached by email only: the confirmation goes by email, the WhatsApp-only reminder says there is no phone", async () => {
    const s = await setup();
    const emailOnly = await createPatient(database.db, { clinicId: s.clinicA.id, phone: null, email: "ines@example.com" });
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s, { patientId: emailOnly.id }), now: NOW });
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    expect(summary(booked.forecast).slice(0, 2)).toEqual(["booking_confirmation/email/send", "reminder/whatsapp/not_sent:no_phone"]);
  });

  it("a message due in the clinic's quiet hours is announced for when they end", async () => {
    const s = await setup();
    await database.db
      .update(clinics)
      .set({ quietHoursEnabled: true, quietHoursStartMinute: 21 * 60, quietHoursEndMinute: 8 * 60 })
      .where(eq(clinics.id, s.clinicA.id));
    // 22:00 in Mexico City: the confirmation waits until 08:00.
    const night = new Date("2026-11-26T04:00:00Z");
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: night });
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    expect(booked.forecast[0]).toMatchObject({
      notificationType: "booking_confirmation",
      outcome: "send",
      heldByQuietHours: true,
      sendAt: new Date("2026-11-26T14:00:00Z"),
    });
  });

  it("a move then a cancellation within the coalescing window: the cancellation names the time the patient last heard of", async () => {
    const s = await setup();
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!booked.ok) throw new Error("expected ok");
    const confirmation = booked.scheduled.find((d) => d.notificationType === "booking_confirmation")!;
    const told = await sendDelivery(database.db, { deliveryId: confirmation.id, now: NOW });
    expect(told.payload).toEqual({ startsAt: "2026-11-28T16:00:00.000Z" });
    const moved = await rescheduleAppointment(database.db, s.ctxA, {
      input: { appointmentId: booked.appointmentId, startsAt: "2026-12-02T12:00" },
      now: new Date(NOW.getTime() + 30_000),
    });
    expect(moved.ok).toBe(true);
    const cancelled = await cancelAppointment(database.db, s.ctxA, {
      input: { appointmentId: booked.appointmentId },
      now: new Date(NOW.getTime() + 60_000),
    });
    if (!cancelled.ok) throw new Error("expected ok");
    const rows = await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, booked.appointmentId));
    // The held reschedule notice never went out…
    expect(rows.find((d) => d.notificationType === "reschedule")).toMatchObject({
      status: "cancelled",
      errorCode: "appointment_cancelled",
    });
    // …so the cancellation names the 28th of November, not the 2nd of December the patient never heard of.
    const notice = rows.find((d) => d.notificationType === "cancellation")!;
    expect(notice.payload).toEqual({ startsAt: "2026-11-28T16:00:00.000Z" });
    const sent = await sendDelivery(database.db, { deliveryId: notice.id, now: new Date(NOW.getTime() + 61_000) });
    expect(sent.sentBody).toContain("del 28 de noviembre, 2026 a las 10:00 a.m.");
    expect(sent.sentBody).not.toContain("diciembre");
  });

  it("a cancellation after the reschedule notice went out names the new time", async () => {
    const s = await setup();
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!booked.ok) throw new Error("expected ok");
    await sendDelivery(database.db, {
      deliveryId: booked.scheduled.find((d) => d.notificationType === "booking_confirmation")!.id,
      now: NOW,
    });
    const moved = await rescheduleAppointment(database.db, s.ctxA, {
      input: { appointmentId: booked.appointmentId, startsAt: "2026-12-02T12:00" },
      now: new Date(NOW.getTime() + 30_000),
    });
    if (!moved.ok) throw new Error("expected ok");
    const noticeAt = new Date(NOW.getTime() + 10 * 60_000);
    await sendDelivery(database.db, { deliveryId: moved.scheduled.find((d) => d.notificationType === "reschedule")!.id, now: noticeAt });
    const cancelled = await cancelAppointment(database.db, s.ctxA, {
      input: { appointmentId: booked.appointmentId },
      now: new Date(noticeAt.getTime() + 60_000),
    });
    if (!cancelled.ok) throw new Error("expected ok");
    const [notice] = (await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, booked.appointmentId))).filter(
      (d) => d.notificationType === "cancellation",
    );
    expect(notice.payload).toEqual({ startsAt: "2026-12-02T18:00:00.000Z" });
  });

  it("the log's reason for a reminder cancelled by a cancellation is the cancellation, not a change", async () => {
    const s = await setup();
    const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s), now: NOW });
    if (!booked.ok) throw new Error("expected ok");
    await cancelAppointment(database.db, s.ctxA, { input: { appointmentId: booked.appointmentId }, now: NOW });
    const reminder = (await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, booked.appointmentId))).find(
      (d) => d.notificationType === "reminder",
    );
    expect(reminder).toMatchObject({ status: "cancelled", errorCode: "appointment_cancelled" });
  });
});

describe("the doctor in the messages a visit sends", () => {
  it("is named with the title and the article of its gender: 'con la Dra. López' in Spanish, 'with Dr. López' in English", async () => {
    const s = await setup();
    const dra = await createStaff(database.db, { clinicId: s.clinicA.id, role: "doctor", name: "López", title: "dra" });
    const english = await createPatient(database.db, { clinicId: s.clinicA.id, preferredLocale: "en" });
    const sentFor = async (patientId: string, startsAt: string) => {
      const booked = await bookAppointment(database.db, s.ctxA, { input: booking(s, { patientId, doctorId: dra.id, startsAt }), now: NOW });
      if (!booked.ok) throw new Error(JSON.stringify(booked));
      const confirmation = booked.scheduled.find((d) => d.notificationType === "booking_confirmation")!;
      return (await sendDelivery(database.db, { deliveryId: confirmation.id, now: NOW })).sentBody;
    };
    expect(await sentFor(s.patientA.id, "2026-11-28T10:00")).toContain("tu cita con la Dra. López en ");
    expect(await sentFor(english.id, "2026-11-28T11:00")).toContain("your appointment with Dr. López at ");
  });
});
