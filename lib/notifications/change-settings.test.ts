import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { and, inArray } from "drizzle-orm";
import { appointments, auditLog, deliveries, deliveryEvents } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { bookAppointment, cancelAppointment } from "@/lib/appointments/change-appointment";
import { changeChannelSetting, changeQuietHours, changeReminderLead } from "./change-settings";
import { getNotificationSettings, setReminderLeadHours } from "./settings";
import { lockClinicSettings, replanFutureVisits } from "./replan-future-visits";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("settings changes", () => {
  it("lets an admin switch a channel and the reminder lead for their own clinic only, audited", async () => {
    const { clinicA, clinicB, ctxA } = await createTwoClinics(database.db, "admin");
    expect(await changeChannelSetting(database.db, ctxA, { notificationType: "reminder", channel: "sms", enabled: true })).toEqual({
      ok: true,
      visitsChanged: 0,
      scheduled: [],
    });
    expect(await changeReminderLead(database.db, ctxA, { hours: 48 })).toEqual({ ok: true, visitsChanged: 0, scheduled: [] });
    const a = await getNotificationSettings(database.db, { clinicId: clinicA.id });
    const b = await getNotificationSettings(database.db, { clinicId: clinicB.id });
    expect(a.channels.reminder.sms).toBe(true);
    expect(a.reminderLeadHours).toBe(48);
    expect(b.channels.reminder.sms).toBe(false);
    expect(b.reminderLeadHours).toBe(24);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id));
    expect(audit.map((e) => e.action).sort()).toEqual(["settings.channel", "settings.reminder_lead"]);
  });

  it("refuses staff and doctors, and bad input, changing nothing", async () => {
    const { clinicA, ctxA } = await createTwoClinics(database.db, "staff");
    const doctor = staffContext(await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" }), clinicA);
    for (const ctx of [ctxA, doctor]) {
      expect(await changeChannelSetting(database.db, ctx, { notificationType: "reminder", channel: "sms", enabled: true })).toEqual({
        ok: false,
        error: "forbidden",
      });
      expect(await changeReminderLead(database.db, ctx, { hours: 48 })).toEqual({ ok: false, error: "forbidden" });
    }
    const admin = { ...ctxA, role: "admin" as const };
    expect(
      await changeChannelSetting(database.db, admin, { notificationType: "opt_out_confirmation", channel: "sms", enabled: false }),
    ).toEqual({
      ok: false,
      error: "invalid",
    });
    expect(await changeChannelSetting(database.db, admin, { notificationType: "reminder", channel: "fax", enabled: true })).toEqual({
      ok: false,
      error: "invalid",
    });
    expect(await changeReminderLead(database.db, admin, { hours: 5 })).toEqual({ ok: false, error: "invalid" });
    const settings = await getNotificationSettings(database.db, { clinicId: clinicA.id });
    expect(settings.channels.reminder.sms).toBe(false);
    expect(settings.reminderLeadHours).toBe(24);
  });

  it("lets an admin set the clinic's quiet hours, for their clinic only, audited with the times", async () => {
    const { clinicA, clinicB, ctxA } = await createTwoClinics(database.db, "admin");
    expect(await changeQuietHours(database.db, ctxA, { enabled: true, start: "22:30", end: "07:15" })).toEqual({ ok: true });
    const a = await getNotificationSettings(database.db, { clinicId: clinicA.id });
    const b = await getNotificationSettings(database.db, { clinicId: clinicB.id });
    expect(a.quietHours).toEqual({ enabled: true, startMinute: 22 * 60 + 30, endMinute: 7 * 60 + 15 });
    expect(b.quietHours).toEqual({ enabled: false, startMinute: 21 * 60, endMinute: 8 * 60 }); // the factory's clinic, untouched
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id));
    expect(entry).toMatchObject({ action: "settings.quiet_hours", entityType: "clinic", entityId: clinicA.id });
    expect(entry.metadata).toEqual({ enabled: true, startMinute: 1350, endMinute: 435 });
    expect(await changeQuietHours(database.db, ctxA, { enabled: false, start: "22:30", end: "07:15" })).toEqual({ ok: true });
    expect((await getNotificationSettings(database.db, { clinicId: clinicA.id })).quietHours.enabled).toBe(false);
  });

  it("refuses quiet hours from staff and doctors, and bad times, changing nothing", async () => {
    const { clinicA, ctxA } = await createTwoClinics(database.db, "staff");
    const doctor = staffContext(await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" }), clinicA);
    for (const ctx of [ctxA, doctor]) {
      expect(await changeQuietHours(database.db, ctx, { enabled: true, start: "20:00", end: "09:00" })).toEqual({
        ok: false,
        error: "forbidden",
      });
    }
    const admin = { ...ctxA, role: "admin" as const };
    for (const bad of [
      { enabled: true, start: "25:00", end: "08:00" },
      { enabled: true, start: "21:00" },
      { enabled: "yes", start: "21:00", end: "08:00" },
      { enabled: true, start: "9:00", end: "08:00" },
    ]) {
      expect(await changeQuietHours(database.db, admin, bad)).toEqual({ ok: false, error: "invalid" });
    }
    expect(await changeQuietHours(database.db, admin, { enabled: true, start: "21:00", end: "21:00" })).toEqual({
      ok: false,
      error: "same_as_start",
    });
    expect((await getNotificationSettings(database.db, { clinicId: clinicA.id })).quietHours).toEqual({
      enabled: false,
      startMinute: 21 * 60,
      endMinute: 8 * 60,
    });
    expect(await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id))).toEqual([]);
  });
});

const NOW = new Date("2026-11-25T16:00:00Z"); // 10:00 in Mexico City

describe("settings changes reach booked visits", () => {
  async function bookedClinics() {
    const two = await createTwoClinics(database.db, "admin");
    const book = async (ctx: typeof two.ctxA, startsAt: string, patient?: { email?: string }) => {
      const doctor = await createStaff(database.db, { clinicId: ctx.clinicId, role: "doctor" });
      const p = await createPatient(database.db, { clinicId: ctx.clinicId, ...patient });
      const result = await bookAppointment(database.db, ctx, {
        input: { patientId: p.id, doctorId: doctor.id, startsAt, durationMinutes: "30", kind: "in_person" },
        now: NOW,
      });
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.appointmentId;
    };
    // Clinic A: two visits in three days, one tomorrow evening (its 48 h mark has passed), one cancelled.
    const a1 = await book(two.ctxA, "2026-11-28T10:00");
    const a2 = await book(two.ctxA, "2026-11-29T12:00", { email: "ana@example.com" });
    const aSoon = await book(two.ctxA, "2026-11-26T18:00");
    const aCancelled = await book(two.ctxA, "2026-11-30T10:00");
    await cancelAppointment(database.db, two.ctxA, { input: { appointmentId: aCancelled }, now: NOW });
    const b1 = await book(two.ctxB, "2026-11-28T10:00");
    return { ...two, a1, a2, aSoon, aCancelled, b1 };
  }

  const pending = async (appointmentId: string) =>
    (await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, appointmentId)))
      .filter((d) => d.status === "scheduled" && d.notificationType.startsWith("reminder"))
      .map((d) => `${d.notificationType}/${d.channel}@${d.sendAt.toISOString()}`)
      .sort();

  it("moves the pending reminders of future visits to the new lead, in its clinic only, audited with the count", async () => {
    const s = await bookedClinics();
    expect(await pending(s.a1)).toEqual(["reminder/whatsapp@2026-11-27T16:00:00.000Z"]);
    const result = await changeReminderLead(database.db, s.ctxA, { hours: 48 }, NOW);
    if (!result.ok) throw new Error(result.error);
    // a1 and a2 move; aSoon keeps its 24 h reminder (48 h before has passed); the cancelled visit has none.
    expect(result.visitsChanged).toBe(2);
    expect(result.scheduled.map((d) => d.appointmentId).sort()).toEqual([s.a1, s.a2].sort());
    expect(await pending(s.a1)).toEqual(["reminder/whatsapp@2026-11-26T16:00:00.000Z"]);
    expect(await pending(s.a2)).toEqual(["reminder/whatsapp@2026-11-27T18:00:00.000Z"]);
    expect(await pending(s.aSoon)).toEqual(["reminder/whatsapp@2026-11-26T00:00:00.000Z"]);
    expect(await pending(s.aCancelled)).toEqual([]);
    expect(await pending(s.b1)).toEqual(["reminder/whatsapp@2026-11-27T18:00:00.000Z"]); // Tijuana, untouched

    const old = (await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, s.a1))).find(
      (d) => d.notificationType === "reminder" && d.status === "cancelled",
    )!;
    expect(old).toMatchObject({ errorCode: "settings_changed", sendAt: new Date("2026-11-27T16:00:00Z") });
    const events = await database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, old.id));
    expect(events.map((e) => e.status)).toEqual(["scheduled", "cancelled"]);
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, s.clinicA.id), eq(auditLog.action, "settings.reminder_lead")));
    expect(entry.metadata).toEqual({ hours: 48, visitsChanged: 2 });
    expect(
      await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.clinicId, s.clinicB.id), eq(auditLog.action, "settings.reminder_lead"))),
    ).toEqual([]);

    // Idempotent: the same change again changes no visit; going back to 24 h plans fresh rows.
    expect(await changeReminderLead(database.db, s.ctxA, { hours: 48 }, NOW)).toMatchObject({ ok: true, visitsChanged: 0, scheduled: [] });
    expect(await changeReminderLead(database.db, s.ctxA, { hours: 24 }, NOW)).toMatchObject({ ok: true, visitsChanged: 2 });
    expect(await pending(s.a1)).toEqual(["reminder/whatsapp@2026-11-27T16:00:00.000Z"]);
  });

  it("turning the 1 h reminder on plans it for booked visits; off cancels it; a channel off moves reminders to the next one", async () => {
    const s = await bookedClinics();
    const on = await changeChannelSetting(database.db, s.ctxA, { notificationType: "reminder_1h", channel: "sms", enabled: true }, NOW);
    expect(on).toMatchObject({ ok: true, visitsChanged: 3 });
    expect(await pending(s.a1)).toEqual(["reminder/whatsapp@2026-11-27T16:00:00.000Z", "reminder_1h/sms@2026-11-28T15:00:00.000Z"]);
    expect(await pending(s.b1)).toEqual(["reminder/whatsapp@2026-11-27T18:00:00.000Z"]);

    // WhatsApp off for the reminder, email on: the patient with an email moves to email, the other to
    // email too (planned, and the log will say why it is skipped: no address).
    await changeChannelSetting(database.db, s.ctxA, { notificationType: "reminder", channel: "email", enabled: true }, NOW);
    const off = await changeChannelSetting(database.db, s.ctxA, { notificationType: "reminder", channel: "whatsapp", enabled: false }, NOW);
    expect(off).toMatchObject({ ok: true, visitsChanged: 3 });
    expect(await pending(s.a2)).toEqual(["reminder/email@2026-11-28T18:00:00.000Z", "reminder_1h/sms@2026-11-29T17:00:00.000Z"]);

    const offAgain = await changeChannelSetting(
      database.db,
      s.ctxA,
      { notificationType: "reminder_1h", channel: "sms", enabled: false },
      NOW,
    );
    expect(offAgain).toMatchObject({ ok: true, visitsChanged: 3 });
    expect(await pending(s.a1)).toEqual(["reminder/email@2026-11-27T16:00:00.000Z"]);
    const cancelled1h = (
      await database.db
        .select()
        .from(deliveries)
        .where(inArray(deliveries.appointmentId, [s.a1, s.a2]))
    ).filter((d) => d.notificationType === "reminder_1h");
    expect(cancelled1h.map((d) => `${d.status}/${d.errorCode}`)).toEqual(["cancelled/setting_off", "cancelled/setting_off"]);
    // No visit of the other clinic, no past visit, and no cancelled visit gained a message.
    expect(await pending(s.b1)).toEqual(["reminder/whatsapp@2026-11-27T18:00:00.000Z"]);
    expect(await pending(s.aCancelled)).toEqual([]);
  });

  it("leaves visits that already started alone", async () => {
    const s = await bookedClinics();
    const later = new Date("2026-11-28T16:10:00Z"); // a1 started ten minutes ago
    await database.db.update(appointments).set({ status: "scheduled" }).where(eq(appointments.id, s.a1));
    const result = await changeChannelSetting(
      database.db,
      s.ctxA,
      { notificationType: "reminder_1h", channel: "sms", enabled: true },
      later,
    );
    expect(result).toMatchObject({ ok: true, visitsChanged: 1 }); // a2 only
    expect(await pending(s.a1)).toEqual(["reminder/whatsapp@2026-11-27T16:00:00.000Z"]);
  });
});

describe("a booking while the settings change", () => {
  it("waits for the change and plans with the new lead (PostgreSQL: two connections; PGlite serializes anyway)", async () => {
    const { clinicA, ctxA } = await createTwoClinics(database.db, "admin");
    const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const hasLock = new Promise<void>((resolve) => (locked = resolve));
    // A settings change that has re-planned (seeing no visit) and not committed yet.
    const change = database.db.transaction(async (tx) => {
      await lockClinicSettings(tx, { clinicId: clinicA.id, mode: "no key update" });
      await setReminderLeadHours(tx, { clinicId: clinicA.id, hours: 48 });
      const replanned = await replanFutureVisits(tx, { clinicId: clinicA.id, now: NOW });
      locked();
      await gate;
      return replanned;
    });
    await hasLock;
    const booking = bookAppointment(database.db, ctxA, {
      input: { patientId: patient.id, doctorId: doctor.id, startsAt: "2026-11-28T10:00", durationMinutes: "30", kind: "in_person" },
      now: NOW,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    release();
    expect((await change).visitsChanged).toBe(0);
    const booked = await booking;
    if (!booked.ok) throw new Error(JSON.stringify(booked));
    const reminder = (await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, booked.appointmentId))).find(
      (d) => d.notificationType === "reminder",
    )!;
    expect(reminder.sendAt).toEqual(new Date("2026-11-26T16:00:00Z")); // 48 h before, not 24 h
  });
});
