import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { changeChannelSetting, changeQuietHours, changeReminderLead } from "./change-settings";
import { getNotificationSettings } from "./settings";

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
    });
    expect(await changeReminderLead(database.db, ctxA, { hours: 48 })).toEqual({ ok: true });
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
