import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, auditLog, deliveries, deliveryEvents } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment, cancelAppointment, markAppointmentOutcome, rescheduleAppointment } from "./change-appointment";
import { getAppointmentDetail, getClinicBookingSettings, listAppointmentsBetween, listDoctors, listPatientAppointments } from "./queries";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z"); // 10:00 in Mexico City
const LATER = new Date("2026-11-28T17:00:00Z"); // after the 10:00 (16:00Z) visit of the 28th started

async function setup() {
  const two = await createTwoClinics(database.db);
  const doctorA = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
  const doctorA2 = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dra. López" });
  const doctorB = await createStaff(database.db, { clinicId: two.clinicB.id, role: "doctor" });
  const patientA = await createPatient(database.db, { clinicId: two.clinicA.id, email: "maria@example.com" });
  const patientB = await createPatient(database.db, { clinicId: two.clinicB.id });
  return { ...two, doctorA, doctorA2, doctorB, patientA, patientB };
}
type Setup = Awaited<ReturnType<typeof setup>>;

async function book(s: Setup, overrides: Record<string, unknown> = {}, side: "A" | "B" = "A") {
  const result = await bookAppointment(database.db, side === "A" ? s.ctxA : s.ctxB, {
    input: {
      patientId: side === "A" ? s.patientA.id : s.patientB.id,
      doctorId: side === "A" ? s.doctorA.id : s.doctorB.id,
      startsAt: "2026-11-28T10:00",
      durationMinutes: "30",
      kind: "in_person",
      ...overrides,
    },
    now: NOW,
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.appointmentId;
}

describe("listAppointmentsBetween (calendar range)", () => {
  it("returns the clinic's visits in the range, by doctor when asked, cancelled ones only when asked", async () => {
    const s = await setup();
    const kept = await book(s);
    const other = await book(s, { doctorId: s.doctorA2.id, startsAt: "2026-11-28T11:00" });
    const cancelled = await book(s, { startsAt: "2026-11-28T12:00" });
    await cancelAppointment(database.db, s.ctxA, { input: { appointmentId: cancelled }, now: NOW });
    await book(s, { startsAt: "2026-12-10T10:00" }); // outside the range
    const foreign = await book(s, {}, "B");

    const range = { clinicId: s.clinicA.id, from: new Date("2026-11-28T06:00:00Z"), to: new Date("2026-11-29T06:00:00Z") };
    const all = await listAppointmentsBetween(database.db, { ...range, includeCancelled: true });
    expect(all.map((r) => r.id)).toEqual([kept, other, cancelled]);
    expect(all.map((r) => r.status)).toEqual(["scheduled", "scheduled", "cancelled"]);
    expect(all.some((r) => r.id === foreign)).toBe(false);
    expect(all[0]).toMatchObject({ doctorId: s.doctorA.id, doctorName: "Dr. García", patientFirstName: "María" });

    expect((await listAppointmentsBetween(database.db, range)).map((r) => r.id)).toEqual([kept, other]);
    expect(
      (await listAppointmentsBetween(database.db, { ...range, doctorId: s.doctorA2.id, includeCancelled: true })).map((r) => r.id),
    ).toEqual([other]);
    // Another clinic's doctor as the filter finds nothing, even though that doctor has a visit in the range.
    expect(await listAppointmentsBetween(database.db, { ...range, doctorId: s.doctorB.id, includeCancelled: true })).toEqual([]);
  });
});

describe("getAppointmentDetail", () => {
  it("gives one appointment with its patient and messages, each message with its status history", async () => {
    const s = await setup();
    const id = await book(s, { kind: "video", videoUrl: "https://meet.example.mx/sala-1" });
    const detail = await getAppointmentDetail(database.db, { clinicId: s.clinicA.id, appointmentId: id });
    expect(detail).toMatchObject({
      id,
      kind: "video",
      videoUrl: "https://meet.example.mx/sala-1",
      patientId: s.patientA.id,
      doctorName: "Dr. García",
    });
    expect(detail!.messages.map((m) => `${m.notificationType}/${m.channel}/${m.status}`).sort()).toEqual([
      "booking_confirmation/whatsapp/scheduled",
      "reminder/whatsapp/scheduled",
    ]);
    expect(detail!.messages.every((m) => m.history.length === 1 && m.history[0].status === "scheduled")).toBe(true);
  });

  it("shows a reschedule as the old reminders cancelled and new ones planned, with the history of each", async () => {
    const s = await setup();
    const id = await book(s);
    const moved = await rescheduleAppointment(database.db, s.ctxA, {
      input: { appointmentId: id, startsAt: "2026-11-29T10:00" },
      now: NOW,
    });
    expect(moved.ok).toBe(true);
    const detail = (await getAppointmentDetail(database.db, { clinicId: s.clinicA.id, appointmentId: id }))!;
    const reminders = detail.messages.filter((m) => m.notificationType === "reminder");
    expect(reminders.map((m) => `v${m.appointmentVersion}/${m.status}`).sort()).toEqual(["v1/cancelled", "v2/scheduled"]);
    const old = reminders.find((m) => m.appointmentVersion === 1)!;
    expect(old.history.map((h) => h.status)).toEqual(["scheduled", "cancelled"]);
  });

  it("is null for another clinic's appointment and for a malformed id", async () => {
    const s = await setup();
    const foreign = await book(s, {}, "B");
    expect(await getAppointmentDetail(database.db, { clinicId: s.clinicA.id, appointmentId: foreign })).toBeNull();
    expect(await getAppointmentDetail(database.db, { clinicId: s.clinicA.id, appointmentId: "not-a-uuid" })).toBeNull();
  });

  it("does not leak another clinic's delivery events into the chart's messages", async () => {
    const s = await setup();
    const id = await book(s);
    const [message] = await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, id)).limit(1);
    // A stray event recorded under clinic B for clinic A's delivery must not show in clinic A's history.
    await database.db.insert(deliveryEvents).values({ deliveryId: message.id, clinicId: s.clinicB.id, status: "failed", source: "system" });
    const [visit] = await listPatientAppointments(database.db, { clinicId: s.clinicA.id, patientId: s.patientA.id });
    const same = visit.messages.find((m) => m.id === message.id)!;
    expect(same.history.map((h) => h.status)).toEqual(["scheduled"]);
  });
});

describe("getClinicBookingSettings", () => {
  it("reads the clinic's own zone and video room base URL", async () => {
    const s = await setup();
    const { clinics } = await import("@/db/schema");
    await database.db.update(clinics).set({ videoRoomBaseUrl: "https://meet.example.mx/a" }).where(eq(clinics.id, s.clinicA.id));
    expect(await getClinicBookingSettings(database.db, { clinicId: s.clinicA.id })).toEqual({
      timezone: s.clinicA.timezone,
      videoRoomBaseUrl: "https://meet.example.mx/a",
    });
    expect(await getClinicBookingSettings(database.db, { clinicId: s.clinicB.id })).toEqual({
      timezone: "America/Tijuana",
      videoRoomBaseUrl: null,
    });
  });
});

describe("markAppointmentOutcome", () => {
  it("marks a visit completed after its start, audited, and lets staff correct it to no-show", async () => {
    const s = await setup();
    const id = await book(s);
    const done = await markAppointmentOutcome(database.db, s.ctxA, { input: { appointmentId: id, outcome: "completed" }, now: LATER });
    expect(done).toEqual({ ok: true, appointmentId: id, status: "completed" });
    const [first] = await database.db.select().from(appointments).where(eq(appointments.id, id));
    expect(first).toMatchObject({ status: "completed", outcomeRecordedAt: LATER, outcomeRecordedByUserId: s.staffA.id });
    const correctedAt = new Date(LATER.getTime() + 60 * 60_000);
    const fixed = await markAppointmentOutcome(database.db, s.ctxA, {
      input: { appointmentId: id, outcome: "no_show" },
      now: correctedAt,
    });
    expect(fixed.ok).toBe(true);
    const [row] = await database.db.select().from(appointments).where(eq(appointments.id, id));
    // The correction is the outcome on record, with its own time.
    expect(row).toMatchObject({ status: "no_show", outcomeRecordedAt: correctedAt, outcomeRecordedByUserId: s.staffA.id });
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.clinicId, s.clinicA.id)));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["appointment.complete", "appointment.no_show"]));
    expect(audit.find((a) => a.action === "appointment.complete")).toMatchObject({
      actorUserId: s.staffA.id,
      metadata: { from: "scheduled" },
    });
  });

  it("refuses before the start time and changes nothing", async () => {
    const s = await setup();
    const id = await book(s);
    const early = await markAppointmentOutcome(database.db, s.ctxA, {
      input: { appointmentId: id, outcome: "no_show" },
      now: new Date("2026-11-28T15:59:00Z"),
    });
    expect(early).toEqual({ ok: false, error: "notStarted" });
    const [row] = await database.db.select().from(appointments).where(eq(appointments.id, id));
    expect(row.status).toBe("scheduled");
  });

  it("refuses a cancelled visit", async () => {
    const s = await setup();
    const id = await book(s);
    await cancelAppointment(database.db, s.ctxA, { input: { appointmentId: id }, now: NOW });
    expect(await markAppointmentOutcome(database.db, s.ctxA, { input: { appointmentId: id, outcome: "completed" }, now: LATER })).toEqual({
      ok: false,
      error: "alreadyCancelled",
    });
  });

  it("cannot reach another clinic's appointment: not found, nothing written", async () => {
    const s = await setup();
    const foreign = await book(s, {}, "B");
    expect(
      await markAppointmentOutcome(database.db, s.ctxA, { input: { appointmentId: foreign, outcome: "completed" }, now: LATER }),
    ).toEqual({
      ok: false,
      error: "notFound",
    });
    const [row] = await database.db.select().from(appointments).where(eq(appointments.id, foreign));
    expect(row.status).toBe("scheduled");
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, foreign));
    expect(audit.map((a) => a.action)).toEqual(["appointment.book"]);
  });

  it("refuses an unknown outcome and a malformed id", async () => {
    const s = await setup();
    const id = await book(s);
    expect(await markAppointmentOutcome(database.db, s.ctxA, { input: { appointmentId: id, outcome: "cancelled" }, now: LATER })).toEqual({
      ok: false,
      error: "outcomeInvalid",
    });
    expect(await markAppointmentOutcome(database.db, s.ctxA, { input: { appointmentId: "x", outcome: "completed" }, now: LATER })).toEqual({
      ok: false,
      error: "notFound",
    });
  });
});

describe("listDoctors (the calendar's and the booking dialog's doctor select)", () => {
  it("names each of the clinic's doctors with their title in the screen's language, and no other clinic's", async () => {
    const two = await createTwoClinics(database.db);
    const lopez = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "López", title: "dra" });
    const garcia = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García", title: "dr" });
    const torres = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Ana Torres", title: null });
    await createStaff(database.db, { clinicId: two.clinicA.id, role: "staff", name: "Recepción" });
    await createStaff(database.db, { clinicId: two.clinicB.id, role: "doctor", name: "Otro", title: "dr" });

    const names = async (locale: "es" | "en") =>
      (await listDoctors(database.db, { clinicId: two.clinicA.id, locale })).map((d) => [d.id, d.name]);
    expect(await names("es")).toEqual([
      [torres.id, "Ana Torres"],
      [garcia.id, "Dr. García"],
      [lopez.id, "Dra. López"],
    ]);
    expect(await names("en")).toEqual([
      [torres.id, "Ana Torres"],
      [garcia.id, "Dr. García"],
      [lopez.id, "Dr. López"],
    ]);
  });
});
