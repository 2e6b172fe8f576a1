import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveries, paymentSettings } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { dispatchDelivery } from "@/lib/notifications/dispatch";
import { acceptingTransports, reloadDelivery, sendDelivery } from "@/lib/notifications/testing/sent-visit";
import { addCharge } from "./add-charge";
import { listChargeEvents } from "./balances";
import { simulatedGateway } from "./gateway";
import { createPaymentLink } from "./payment-link";
import { recordDeskPayment } from "./record-desk-payment";
import { getPaymentReminderSettings, paymentLinkTtlDays, paymentReminderTimes } from "./reminder-settings";
import { updatePaymentReminderSettings } from "./update-payment-reminder-settings";
import { simulateCheckoutOutcome } from "./simulated-checkout";
import { startCheckout } from "./start-checkout";
import { voidCharge } from "./void-charge";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const DAY = 86_400_000;
const NOW = new Date("2026-11-25T16:00:00Z");
const CONCEPT = "Ultrasonido obstétrico y prueba de VIH";

async function setup(params: { locale?: "es" | "en"; dueDate?: string } = {}) {
  const db = database.db;
  const two = await createTwoClinics(db);
  const doctor = await createStaff(db, { clinicId: two.clinicA.id, role: "doctor", name: "García", title: "dr" });
  const admin = await createStaff(db, { clinicId: two.clinicA.id, role: "admin" });
  const patient = await createPatient(db, {
    clinicId: two.clinicA.id,
    firstName: "María",
    lastName: "Hernández Ruiz",
    preferredLocale: params.locale ?? "es",
  });
  const booked = await bookAppointment(db, two.ctxA, {
    input: { patientId: patient.id, doctorId: doctor.id, startsAt: "2026-11-26T16:00:00Z", durationMinutes: 30, kind: "in_person" },
    now: NOW,
  });
  if (!booked.ok) throw new Error("booking");
  const charge = await addCharge(db, two.ctxA, {
    input: {
      appointmentId: booked.appointmentId,
      concept: CONCEPT,
      amount: "850",
      currency: "MXN",
      ...(params.dueDate ? { dueDate: params.dueDate } : {}),
    },
    now: NOW,
  });
  if (!charge.ok) throw new Error("charge");
  return { ...two, adminCtx: staffContext(admin, two.clinicA), patient, chargeId: charge.chargeId };
}

const chargeMessages = (chargeId: string) =>
  database.db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.subjectType, "charge"), eq(deliveries.subjectId, chargeId)))
    .orderBy(asc(deliveries.sendAt));

describe("the payment request message", () => {
  it("sends the link now on WhatsApp and plans the reminders (+3, +7 days, the day before the due date); the toast's forecast says so", async () => {
    const { ctxA, ctxB, chargeId, clinicA } = await setup({ dueDate: "2026-12-10" });
    // Another clinic's staff cannot send it, and nothing is planned.
    expect(await createPaymentLink(database.db, ctxB, { chargeId, now: NOW })).toEqual({ ok: false, error: "notFound" });
    expect(await chargeMessages(chargeId)).toEqual([]);

    const link = await createPaymentLink(database.db, ctxA, { chargeId, now: NOW });
    if (!link.ok) throw new Error(JSON.stringify(link));
    const rows = await chargeMessages(chargeId);
    expect(rows.map((r) => [r.notificationType, r.channel, r.sendAt.toISOString(), r.status, r.clinicId])).toEqual([
      ["payment_request", "whatsapp", NOW.toISOString(), "scheduled", clinicA.id],
      ["payment_reminder", "whatsapp", new Date(NOW.getTime() + 3 * DAY).toISOString(), "scheduled", clinicA.id],
      ["payment_reminder", "whatsapp", new Date(NOW.getTime() + 7 * DAY).toISOString(), "scheduled", clinicA.id],
      // 10:00 in Mexico City on 9 December (the day before the due date).
      ["payment_reminder", "whatsapp", "2026-12-09T16:00:00.000Z", "scheduled", clinicA.id],
    ]);
    // The link outlasts the last reminder.
    expect(link.expiresAt.getTime()).toBeGreaterThan(new Date("2026-12-09T16:00:00Z").getTime());
    // The charge's history says the request went by WhatsApp.
    const history = await listChargeEvents(database.db, { clinicId: clinicA.id, chargeIds: [chargeId] });
    expect(history.map((e) => [e.type, e.metadata?.channel ?? null])).toEqual([
      ["charge.created", null],
      ["link.shared", null],
      ["payment.requested", "whatsapp"],
    ]);
    expect(link.forecast.map((f) => [f.notificationType, f.outcome, f.outcome === "send" ? f.channel : null])).toEqual([
      ["payment_request", "send", "whatsapp"],
      ["payment_reminder", "send", "whatsapp"],
      ["payment_reminder", "send", "whatsapp"],
      ["payment_reminder", "send", "whatsapp"],
    ]);
  });

  it("says the amount, the visit's date and doctor and the link, with the first name only, never the concept (es)", async () => {
    const { ctxA, chargeId } = await setup();
    const link = await createPaymentLink(database.db, ctxA, { chargeId, now: NOW });
    if (!link.ok) throw new Error("link");
    const [request] = await chargeMessages(chargeId);
    const sent = await sendDelivery(database.db, { deliveryId: request.id, now: NOW });
    expect(sent.status).toBe("queued");
    expect(sent.sentBody).toBe(
      `Hola María, tienes un saldo pendiente de $850.00 MXN en ${ctxA.clinic.name} por tu consulta del 26 de noviembre, 2026 con el Dr. García. ` +
        `Paga de forma segura aquí: ${link.url}. ¿Dudas sobre este cargo? Escríbenos.`,
    );
    expect(sent.sentBody).not.toMatch(/Ultrasonido|obst[eé]trico|VIH|Hern[aá]ndez|Ruiz/i);
  });

  it("writes it in English for an English-speaking patient, the amount in en-US", async () => {
    const { ctxA, chargeId } = await setup({ locale: "en" });
    const link = await createPaymentLink(database.db, ctxA, { chargeId, now: NOW });
    if (!link.ok) throw new Error("link");
    const [request] = await chargeMessages(chargeId);
    const sent = await sendDelivery(database.db, { deliveryId: request.id, now: NOW });
    expect(sent.sentBody).toBe(
      `Hi María, you have an outstanding balance of $850.00 MXN at ${ctxA.clinic.name} for your visit on November 26, 2026 with Dr. García. ` +
        `Pay securely here: ${link.url}. Questions about this charge? Let us know.`,
    );
    expect(sent.sentBody).not.toMatch(/Ultrasonido|VIH/i);
  });

  it("a reminder says what is still owed at send time after a partial desk payment", async () => {
    const { ctxA, chargeId } = await setup();
    await createPaymentLink(database.db, ctxA, { chargeId, now: NOW });
    const paid = await recordDeskPayment(database.db, ctxA, { input: { chargeId, method: "cash", amount: "350" }, now: NOW });
    expect(paid).toMatchObject({ ok: true, balanceMinor: 50_000 });
    const [, reminder] = await chargeMessages(chargeId);
    expect(reminder.status).toBe("scheduled");
    const at = new Date(NOW.getTime() + 3 * DAY);
    const sent = await sendDelivery(database.db, { deliveryId: reminder.id, now: at });
    expect(sent.sentBody).toContain("te recordamos que tienes un saldo pendiente de $500.00 MXN");
  });

  it("does not plan reminders when the clinic turned them off; a new request replaces the old schedule", async () => {
    const { ctxA, chargeId, clinicA } = await setup();
    await createPaymentLink(database.db, ctxA, { chargeId, now: NOW });
    await database.db.insert(paymentSettings).values({ clinicId: clinicA.id, remindersEnabled: false });
    const later = new Date(NOW.getTime() + DAY);
    await createPaymentLink(database.db, ctxA, { chargeId, now: later });
    const rows = await chargeMessages(chargeId);
    expect(rows.map((r) => [r.notificationType, r.status, r.errorCode])).toEqual([
      ["payment_request", "cancelled", "request_resent"],
      ["payment_request", "scheduled", null],
      ["payment_reminder", "cancelled", "request_resent"],
      ["payment_reminder", "cancelled", "request_resent"],
    ]);
  });
});

describe("balance reminders stop when nothing is owed", () => {
  it("are cancelled the moment the simulated checkout pays (the webhook code path), and one claimed anyway is not sent", async () => {
    const { ctxA, chargeId } = await setup();
    const link = await createPaymentLink(database.db, ctxA, { chargeId, now: NOW });
    if (!link.ok) throw new Error("link");
    const [request, reminder] = await chargeMessages(chargeId);
    await sendDelivery(database.db, { deliveryId: request.id, now: NOW });
    const token = link.url.split("/l/")[1];
    const started = await startCheckout(database.db, { token, gateway: simulatedGateway, now: NOW });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const paymentId = started.url.split("/").pop()!;
    expect(await simulateCheckoutOutcome(database.db, { token, paymentId, outcome: "paid", now: NOW })).toEqual({
      status: 200,
      outcome: "applied",
    });
    const rows = await chargeMessages(chargeId);
    expect(rows.map((r) => [r.notificationType, r.status, r.errorCode])).toEqual([
      ["payment_request", "queued", null],
      ["payment_reminder", "cancelled", "charge_paid"],
      ["payment_reminder", "cancelled", "charge_paid"],
    ]);
    // Even a reminder brought back to "scheduled" (a timer that fires late) is decided against the balance now.
    await database.db.update(deliveries).set({ status: "scheduled", errorCode: null }).where(eq(deliveries.id, reminder.id));
    const outcome = await dispatchDelivery(
      { db: database.db, transports: acceptingTransports(), now: () => new Date(NOW.getTime() + 3 * DAY) },
      reminder.id,
    );
    expect(outcome).not.toBe("sent");
    expect(await reloadDelivery(database.db, reminder.id)).toMatchObject({ status: "cancelled", errorCode: "charge_paid", sentBody: null });
  });

  it("are cancelled when the desk takes the whole balance, not after a partial payment", async () => {
    const { ctxA, chargeId } = await setup();
    await createPaymentLink(database.db, ctxA, { chargeId, now: NOW });
    await recordDeskPayment(database.db, ctxA, { input: { chargeId, method: "cash", amount: "100" }, now: NOW });
    expect((await chargeMessages(chargeId)).filter((r) => r.status === "scheduled")).toHaveLength(3);
    await recordDeskPayment(database.db, ctxA, { input: { chargeId, method: "terminal" }, now: NOW });
    expect((await chargeMessages(chargeId)).map((r) => [r.status, r.errorCode])).toEqual([
      ["cancelled", "charge_paid"],
      ["cancelled", "charge_paid"],
      ["cancelled", "charge_paid"],
    ]);
  });

  it("are cancelled when the charge is voided; another clinic's charge is untouched", async () => {
    const a = await setup();
    const b = await setup();
    await createPaymentLink(database.db, a.ctxA, { chargeId: a.chargeId, now: NOW });
    await createPaymentLink(database.db, b.ctxA, { chargeId: b.chargeId, now: NOW });
    const voided = await voidCharge(database.db, a.adminCtx, { input: { chargeId: a.chargeId, reason: "Error de captura" }, now: NOW });
    expect(voided).toMatchObject({ ok: true });
    expect((await chargeMessages(a.chargeId)).map((r) => [r.status, r.errorCode])).toEqual([
      ["cancelled", "charge_void"],
      ["cancelled", "charge_void"],
      ["cancelled", "charge_void"],
    ]);
    expect((await chargeMessages(b.chargeId)).map((r) => r.status)).toEqual(["scheduled", "scheduled", "scheduled"]);
  });
});

describe("the reminder schedule", () => {
  const settings = { remindersEnabled: true, reminderAfterDays: [3, 7], reminderBeforeDueDays: 1 };
  const zone = "America/Mexico_City";
  it("keeps future times within the link's life, one a day, earliest first", () => {
    const linkExpiresAt = new Date(NOW.getTime() + 8 * DAY);
    expect(paymentReminderTimes({ settings, now: NOW, dueDate: "2026-11-29", timeZone: zone, linkExpiresAt })).toEqual([
      new Date("2026-11-28T16:00:00Z"),
      new Date(NOW.getTime() + 7 * DAY),
    ]);
    // A due date tomorrow: its reminder would be today, which the request already is.
    expect(paymentReminderTimes({ settings, now: NOW, dueDate: "2026-11-26", timeZone: zone, linkExpiresAt })).toHaveLength(2);
    expect(
      paymentReminderTimes({ settings: { ...settings, remindersEnabled: false }, now: NOW, dueDate: null, timeZone: zone, linkExpiresAt }),
    ).toEqual([]);
  });
  it("lengthens the link to cover the schedule, within 90 days", () => {
    expect(paymentLinkTtlDays({ settings, now: NOW, dueDate: null })).toBe(8);
    expect(paymentLinkTtlDays({ settings: { ...settings, remindersEnabled: false }, now: NOW, dueDate: null })).toBe(7);
    expect(paymentLinkTtlDays({ settings, now: NOW, dueDate: "2027-06-01" })).toBe(90);
  });
});

describe("Settings → Payments (admins)", () => {
  it("saves the schedule for the admin's clinic only; staff cannot; bad days write nothing", async () => {
    const { ctxA, adminCtx, clinicA, clinicB } = await setup();
    const input = { remindersEnabled: true, reminderAfterDays: ["7", "2", "7"], reminderBeforeDueDays: "" };
    expect(await updatePaymentReminderSettings(database.db, ctxA, { input })).toEqual({ ok: false, error: "forbidden" });
    expect(await updatePaymentReminderSettings(database.db, adminCtx, { input: { ...input, reminderAfterDays: ["4"] } })).toEqual({
      ok: false,
      error: "invalid",
    });
    expect(await getPaymentReminderSettings(database.db, { clinicId: clinicA.id })).toEqual({
      remindersEnabled: true,
      reminderAfterDays: [3, 7],
      reminderBeforeDueDays: 1,
    });
    expect(await updatePaymentReminderSettings(database.db, adminCtx, { input })).toEqual({ ok: true, replanned: 0 });
    expect(await getPaymentReminderSettings(database.db, { clinicId: clinicA.id })).toEqual({
      remindersEnabled: true,
      reminderAfterDays: [2, 7],
      reminderBeforeDueDays: null,
    });
    expect((await getPaymentReminderSettings(database.db, { clinicId: clinicB.id })).reminderAfterDays).toEqual([3, 7]);
    await updatePaymentReminderSettings(database.db, adminCtx, { input: { ...input, remindersEnabled: false } });
    expect((await getPaymentReminderSettings(database.db, { clinicId: clinicA.id })).remindersEnabled).toBe(false);
  });
});

describe("a changed schedule re-plans the reminders of requests already out", () => {
  it("plans the new days, cancels the ones dropped, keeps the ones unchanged; off cancels them all, on again plans them; another clinic untouched", async () => {
    const { ctxA, ctxB, adminCtx, chargeId, clinicB } = await setup({ dueDate: "2026-12-10" });
    // The other clinic has a request out too.
    const doctorB = await createStaff(database.db, { clinicId: clinicB.id, role: "doctor" });
    const patientB = await createPatient(database.db, { clinicId: clinicB.id });
    const bookedB = await bookAppointment(database.db, ctxB, {
      input: { patientId: patientB.id, doctorId: doctorB.id, startsAt: "2026-11-26T18:00:00Z", durationMinutes: 30, kind: "in_person" },
      now: NOW,
    });
    if (!bookedB.ok) throw new Error("booking B");
    const chargeB = await addCharge(database.db, ctxB, {
      input: { appointmentId: bookedB.appointmentId, concept: "Consulta", amount: "500", currency: "MXN" },
      now: NOW,
    });
    if (!chargeB.ok) throw new Error("charge B");
    await createPaymentLink(database.db, ctxB, { chargeId: chargeB.chargeId, now: NOW });
    const before = await chargeMessages(chargeB.chargeId);

    await createPaymentLink(database.db, ctxA, { chargeId, now: NOW });
    const [, three, seven] = await chargeMessages(chargeId);
    const later = new Date(NOW.getTime() + 60 * 60_000);
    const input = { remindersEnabled: true, reminderAfterDays: ["2", "7"], reminderBeforeDueDays: "" };
    expect(await updatePaymentReminderSettings(database.db, adminCtx, { input, now: later })).toEqual({ ok: true, replanned: 1 });
    const reminders = async () =>
      (await chargeMessages(chargeId))
        .filter((r) => r.notificationType === "payment_reminder")
        .map((r) => [r.id, r.sendAt.toISOString(), r.status, r.errorCode]);
    expect(await reminders()).toEqual([
      // +2 days from the request (not from the change), at the request's time of day.
      [expect.any(String), new Date(NOW.getTime() + 2 * DAY).toISOString(), "scheduled", null],
      [three.id, new Date(NOW.getTime() + 3 * DAY).toISOString(), "cancelled", "schedule_changed"],
      // +7 days is kept as it was (same delivery).
      [seven.id, new Date(NOW.getTime() + 7 * DAY).toISOString(), "scheduled", null],
      // The day before the due date is no longer wanted.
      [expect.any(String), "2026-12-09T16:00:00.000Z", "cancelled", "schedule_changed"],
    ]);

    // Off: every pending reminder cancelled. On again (+3, +7): planned again from the request's time.
    await updatePaymentReminderSettings(database.db, adminCtx, { input: { ...input, remindersEnabled: false }, now: later });
    expect((await reminders()).filter((r) => r[2] === "scheduled")).toEqual([]);
    const evenLater = new Date(NOW.getTime() + 2 * 60 * 60_000);
    await updatePaymentReminderSettings(database.db, adminCtx, { input: { ...input, reminderAfterDays: ["3", "7"] }, now: evenLater });
    expect((await reminders()).filter((r) => r[2] === "scheduled").map((r) => r[1])).toEqual([
      new Date(NOW.getTime() + 3 * DAY).toISOString(),
      new Date(NOW.getTime() + 7 * DAY).toISOString(),
    ]);
    // The other clinic's charge kept its schedule.
    expect((await chargeMessages(chargeB.chargeId)).map((r) => [r.id, r.status])).toEqual(before.map((r) => [r.id, r.status]));
  });

  it("a paid charge is not reminded again by a schedule change", async () => {
    const { ctxA, adminCtx, chargeId } = await setup();
    await createPaymentLink(database.db, ctxA, { chargeId, now: NOW });
    await recordDeskPayment(database.db, ctxA, { input: { chargeId, method: "cash", amount: "850" }, now: NOW });
    const input = { remindersEnabled: true, reminderAfterDays: ["2"], reminderBeforeDueDays: "" };
    await updatePaymentReminderSettings(database.db, adminCtx, { input, now: new Date(NOW.getTime() + 60_000) });
    expect((await chargeMessages(chargeId)).filter((r) => r.status === "scheduled")).toEqual([]);
  });
});
