import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, auditLog, clinics, doctorProfiles, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, insertTestDelivery, staffContext } from "@/db/testing/factories";
import { NOTIFICATION_REGISTRY, NOTIFICATION_TYPES } from "@/lib/notifications/registry";
import { setNotificationChannel, type ChannelMatrix } from "@/lib/notifications/settings";
import { createOutboxStaffMailTransport } from "@/lib/staff-mail/send";
import { confirmClinicSignUp } from "./confirm-sign-up";
import { requestClinicSignUp } from "./request-sign-up";
import { computeSetupChecklist, getSetupChecklist, recordSetupChoice, type SetupFacts } from "./setup-checklist";
import { giveOwnSender, hex, sid } from "@/lib/messaging/test-fixtures";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const defaults = () =>
  Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, { ...NOTIFICATION_REGISTRY[t].defaultChannels }])) as ChannelMatrix;
const nothing: SetupFacts = {
  activeDoctors: 0,
  doctorsWithHours: 0,
  channels: defaults(),
  whatsappConnected: false,
  whatsappSkipped: false,
  appointments: 0,
  sentDeliveries: 0,
};
const doneOf = (facts: SetupFacts) => Object.fromEntries(computeSetupChecklist(facts).steps.map((s) => [s.step, s.done]));

describe("computeSetupChecklist", () => {
  it("a new clinic: only the reminders step is done (its defaults are on)", () => {
    const list = computeSetupChecklist(nothing);
    expect(list.steps.map((s) => s.step)).toEqual(["doctors", "hours", "channels", "whatsapp", "testVisit", "messageLog"]);
    expect(doneOf(nothing)).toEqual({ doctors: false, hours: false, channels: true, whatsapp: false, testVisit: false, messageLog: false });
    expect(list).toMatchObject({ doneCount: 1, allDone: false });
    expect(list.steps.find((s) => s.step === "whatsapp")?.href).toBe("/settings/messaging");
  });

  it("each fact turns its step done; WhatsApp by a real sender or by choosing to stay simulated", () => {
    const all = { ...nothing, activeDoctors: 1, doctorsWithHours: 1, whatsappConnected: true, appointments: 1, sentDeliveries: 1 };
    expect(computeSetupChecklist(all)).toMatchObject({ doneCount: 6, allDone: true });
    expect(doneOf({ ...nothing, whatsappSkipped: true }).whatsapp).toBe(true);
    expect(doneOf({ ...nothing, activeDoctors: 2 })).toMatchObject({ doctors: true, hours: false });
  });

  it("reminders are to do when the confirmation or the reminder has no channel on", () => {
    const channels = defaults();
    channels.reminder = { whatsapp: false, sms: false, email: false };
    expect(doneOf({ ...nothing, channels }).channels).toBe(false);
  });
});

describe("getSetupChecklist", () => {
  async function signedUpClinic(label: string) {
    const email = `setup-${randomUUID().slice(0, 8)}@example.test`;
    const outbox = createOutboxStaffMailTransport();
    const requested = await requestClinicSignUp(database.db, {
      input: {
        clinicName: `Consultorio ${label}`,
        timezone: "America/Mexico_City",
        currency: "MXN",
        adminName: "Admin",
        email,
        password: "una-clave-larga-1",
      },
      locale: "es",
      clientKey: `test-${randomUUID()}`,
      transport: outbox,
    });
    if (!requested.ok) throw new Error("sign-up refused");
    const token = requested.email.text.match(/\/sign-up\/confirm\/([A-Za-z0-9_-]{22})/)![1];
    const confirmed = await confirmClinicSignUp(database.db, { token });
    if (!confirmed.ok) throw new Error("not confirmed");
    const [row] = await database.db
      .select()
      .from(users)
      .innerJoin(clinics, eq(clinics.id, users.clinicId))
      .where(eq(users.id, confirmed.userId));
    return { clinic: row.clinics, admin: row.users, ctx: staffContext(row.users, row.clinics) };
  }

  it("is computed from each clinic's own rows: clinic A's doctor, hours, visit and message do not count for clinic B", async () => {
    const a = await signedUpClinic("A");
    const b = await signedUpClinic("B");
    const doctor = await createStaff(database.db, { clinicId: a.clinic.id, role: "doctor" });
    await database.db.insert(doctorProfiles).values({
      userId: doctor.id,
      clinicId: a.clinic.id,
      workingHours: [{ weekday: 1, start: "09:00", end: "14:00" }],
    });
    const patient = await createPatient(database.db, { clinicId: a.clinic.id });
    const startsAt = new Date(Date.now() + 3 * 24 * 3600_000);
    const [visit] = await database.db
      .insert(appointments)
      .values({
        clinicId: a.clinic.id,
        patientId: patient.id,
        doctorId: doctor.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 1_800_000),
      })
      .returning();
    await insertTestDelivery(database.db, {
      clinicId: a.clinic.id,
      patientId: patient.id,
      appointmentId: visit.id,
      notificationType: "booking_confirmation",
      status: "sent",
      simulated: true,
    });

    const listA = await getSetupChecklist(database.db, a.ctx);
    const listB = await getSetupChecklist(database.db, b.ctx);
    expect(Object.fromEntries(listA!.steps.map((s) => [s.step, s.done]))).toEqual({
      doctors: true,
      hours: true,
      channels: true,
      whatsapp: false,
      testVisit: true,
      messageLog: true,
    });
    expect(listB).toMatchObject({ doneCount: 1 });

    // A connects its own WhatsApp sender (an account, its token, a Messaging Service): done for A only.
    await giveOwnSender(database.db, a.ctx, { accountSid: sid("AC"), authToken: hex(32), serviceSid: sid("MG") });
    expect((await getSetupChecklist(database.db, a.ctx))!.steps.find((s) => s.step === "whatsapp")!.done).toBe(true);
    expect((await getSetupChecklist(database.db, b.ctx))!.steps.find((s) => s.step === "whatsapp")!.done).toBe(false);

    // B turns its reminders off: A's checklist does not change.
    for (const channel of ["whatsapp", "sms", "email"] as const)
      await setNotificationChannel(database.db, { clinicId: b.clinic.id, notificationType: "reminder", channel, enabled: false });
    expect((await getSetupChecklist(database.db, b.ctx))!.doneCount).toBe(0);
    expect((await getSetupChecklist(database.db, a.ctx))!.doneCount).toBe(6);

    // A deactivated doctor no longer counts.
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, doctor.id));
    expect((await getSetupChecklist(database.db, a.ctx))!.steps.slice(0, 2).map((s) => s.done)).toEqual([false, false]);
  });

  it("admins only; staying simulated marks WhatsApp done, hiding it hides it for that clinic only (both audited)", async () => {
    const a = await signedUpClinic("C");
    const b = await signedUpClinic("D");
    const desk = await createStaff(database.db, { clinicId: a.clinic.id, role: "staff" });
    const deskCtx = staffContext(desk, a.clinic);
    expect(await getSetupChecklist(database.db, deskCtx)).toBeNull();
    expect(await recordSetupChoice(database.db, deskCtx, { choice: "dismiss" })).toEqual({ ok: false, error: "forbidden" });

    expect(await recordSetupChoice(database.db, a.ctx, { choice: "skipWhatsapp" })).toEqual({ ok: true });
    expect((await getSetupChecklist(database.db, a.ctx))!.steps.find((s) => s.step === "whatsapp")!.done).toBe(true);
    expect((await getSetupChecklist(database.db, b.ctx))!.steps.find((s) => s.step === "whatsapp")!.done).toBe(false);

    await recordSetupChoice(database.db, a.ctx, { choice: "dismiss" });
    expect(await getSetupChecklist(database.db, a.ctx)).toBeNull();
    expect(await getSetupChecklist(database.db, b.ctx)).not.toBeNull();
    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.clinicId, a.clinic.id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["setup.whatsapp_skipped", "setup.checklist_dismissed"]));
  });

  it("a clinic that did not sign up (the demo's, or made before sign-up) has no checklist", async () => {
    const [clinic] = await database.db
      .insert(clinics)
      .values({ name: `Vieja ${randomUUID().slice(0, 6)}` })
      .returning();
    const admin = await createStaff(database.db, { clinicId: clinic.id, role: "admin" });
    expect(await getSetupChecklist(database.db, staffContext(admin, clinic))).toBeNull();
  });
});
