import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, auditLog, deliveries, deliveryEvents, inboundMessages, patients } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, uniqueMxPhone } from "@/db/testing/factories";
import { handleInboundMessage } from "./handle-inbound-message";
import { REPLY_AT, inboundForm, replyScenario, waIdOf, whatsappFrom } from "./test-fixtures";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const db = () => database.db;
const patientRow = async (id: string) => (await db().select().from(patients).where(eq(patients.id, id)))[0];
const appointmentRow = async (id: string) => (await db().select().from(appointments).where(eq(appointments.id, id)))[0];
const inboundOf = (patientId: string) => db().select().from(inboundMessages).where(eq(inboundMessages.patientId, patientId));
const deliveriesOf = (patientId: string) => db().select().from(deliveries).where(eq(deliveries.patientId, patientId));
const replyConfirmationsOf = async (patientId: string) =>
  (await deliveriesOf(patientId)).filter(
    (d) => d.notificationType === "opt_out_confirmation" || d.notificationType === "opt_in_confirmation",
  );

/** Everything a reply could change, to compare before and after "nothing changed". */
async function snapshot(patientIds: string[]) {
  const [p, a, d, i] = await Promise.all([
    db().select().from(patients).where(inArray(patients.id, patientIds)),
    db().select().from(appointments).where(inArray(appointments.patientId, patientIds)),
    db().select().from(deliveries).where(inArray(deliveries.patientId, patientIds)),
    db().select().from(inboundMessages).where(inArray(inboundMessages.patientId, patientIds)),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((x, y) => x.id.localeCompare(y.id));
  return { patients: byId(p), appointments: byId(a), deliveries: byId(d), inbound: byId(i) };
}

describe("handleInboundMessage: confirm", () => {
  it("a WhatsApp '1' from whatsapp:+521… confirms the sender's next upcoming appointment, as the patient", async () => {
    const s = await replyScenario(db());
    const later = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-12-10T10:00" });
    const next = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    const otherClinics = await s.book({ ctx: s.ctxB, patientId: s.patientB.id, doctorId: s.doctorB.id, startsAt: "2026-11-27T10:00" });

    const form = inboundForm({ From: whatsappFrom(s.patientA.phone), WaId: waIdOf(s.patientA.phone), Body: "1" });
    const outcome = await handleInboundMessage(db(), { form, now: REPLY_AT });

    expect(outcome).toMatchObject({
      kind: "handled",
      channel: "whatsapp",
      clinicId: s.clinicA.id,
      patientId: s.patientA.id,
      intent: "confirm",
      appointmentId: next,
      scheduled: [],
    });
    expect(await appointmentRow(next)).toMatchObject({ status: "confirmed", confirmedBy: "patient", confirmedAt: REPLY_AT });
    expect((await appointmentRow(later)).status).toBe("scheduled");
    expect((await appointmentRow(otherClinics)).status).toBe("scheduled");
    expect(await inboundOf(s.patientA.id)).toMatchObject([
      {
        clinicId: s.clinicA.id,
        channel: "whatsapp",
        providerMessageId: form.MessageSid,
        fromAddress: whatsappFrom(s.patientA.phone),
        waId: waIdOf(s.patientA.phone),
        body: "1",
        buttonPayload: null,
        intent: "confirm",
        appointmentId: next,
        receivedAt: REPLY_AT,
      },
    ]);
    expect((await patientRow(s.patientA.id)).whatsappWaId).toBe(waIdOf(s.patientA.phone));
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, next), eq(auditLog.action, "appointment.confirm")));
    expect(audit).toMatchObject([{ clinicId: s.clinicA.id, actorUserId: null, metadata: { by: "patient" } }]);
  });

  it("a button payload confirms that appointment when it is the sender's", async () => {
    const s = await replyScenario(db());
    const next = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    const later = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-12-10T10:00" });
    const form = inboundForm({ From: whatsappFrom(s.patientA.phone), Body: "Confirmar", ButtonPayload: `confirm:${later}` });
    expect(await handleInboundMessage(db(), { form, now: REPLY_AT })).toMatchObject({ intent: "confirm", appointmentId: later });
    expect((await appointmentRow(later)).status).toBe("confirmed");
    expect((await appointmentRow(next)).status).toBe("scheduled");
  });

  it("with no upcoming appointment, a '1' is kept as a message", async () => {
    const s = await replyScenario(db());
    const form = inboundForm({ From: s.patientA.phone, Body: "1" });
    expect(await handleInboundMessage(db(), { form, now: REPLY_AT })).toMatchObject({
      intent: "message",
      appointmentId: null,
      unmatched: "no_appointment",
    });
    expect(await inboundOf(s.patientA.id)).toMatchObject([{ channel: "sms", intent: "message", body: "1", waId: null }]);
  });
});

describe("handleInboundMessage: cancel", () => {
  it.each([
    ["2 on SMS", (phone: string) => phone, "2"],
    ["CANCELAR on WhatsApp", (phone: string) => whatsappFrom(phone), "CANCELAR"],
  ])("%s cancels the next appointment as the patient: slot freed, reminders cancelled, notice planned", async (_name, from, body) => {
    const s = await replyScenario(db());
    const next = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    const later = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-12-10T10:00" });
    const pendingBefore = (await db().select().from(deliveries).where(eq(deliveries.appointmentId, next))).filter(
      (d) => d.status === "scheduled",
    );
    expect(pendingBefore.map((d) => d.notificationType).sort()).toEqual(["booking_confirmation", "reminder"]);

    const outcome = await handleInboundMessage(db(), { form: inboundForm({ From: from(s.patientA.phone), Body: body }), now: REPLY_AT });

    expect(outcome).toMatchObject({ kind: "handled", intent: "cancel", appointmentId: next, clinicId: s.clinicA.id });
    expect(await appointmentRow(next)).toMatchObject({ status: "cancelled", cancelledBy: "patient", cancelledAt: REPLY_AT });
    expect((await appointmentRow(later)).status).toBe("scheduled");
    const rows = await db().select().from(deliveries).where(eq(deliveries.appointmentId, next));
    for (const old of pendingBefore) {
      expect(rows.find((r) => r.id === old.id)).toMatchObject({ status: "cancelled", errorCode: "appointment_cancelled" });
    }
    const notices = rows.filter((r) => r.notificationType === "cancellation");
    // One notice, on the first channel that reaches the patient (the clinic's defaults: WhatsApp).
    expect(notices.map((n) => [n.channel, n.status])).toEqual([["whatsapp", "scheduled"]]);
    expect(outcome.kind === "handled" && outcome.scheduled.map((d) => d.id).sort()).toEqual(notices.map((n) => n.id).sort());
    expect(await inboundOf(s.patientA.id)).toMatchObject([{ intent: "cancel", appointmentId: next, body }]);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, next), eq(auditLog.action, "appointment.cancel")));
    expect(audit).toMatchObject([{ clinicId: s.clinicA.id, actorUserId: null, metadata: { by: "patient" } }]);
    // The slot is free: staff can book the same doctor at the same time for someone else.
    const other = await createPatient(db(), { clinicId: s.clinicA.id });
    await expect(s.book({ ctx: s.ctxA, patientId: other.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" })).resolves.toEqual(
      expect.any(String),
    );
  });

  it("a button payload for another clinic's appointment changes nothing and is kept as a message", async () => {
    const s = await replyScenario(db());
    const own = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    const theirs = await s.book({ ctx: s.ctxB, patientId: s.patientB.id, doctorId: s.doctorB.id, startsAt: "2026-11-30T10:00" });
    const before = await snapshot([s.patientA.id, s.patientB.id]);

    const form = inboundForm({ From: whatsappFrom(s.patientA.phone), Body: "Cancelar", ButtonPayload: `cancel:${theirs}` });
    const outcome = await handleInboundMessage(db(), { form, now: REPLY_AT });

    expect(outcome).toMatchObject({ kind: "handled", intent: "message", appointmentId: null, unmatched: "notFound", scheduled: [] });
    const after = await snapshot([s.patientA.id, s.patientB.id]);
    expect(after.appointments).toEqual(before.appointments);
    expect(after.deliveries).toEqual(before.deliveries);
    expect(after.inbound).toMatchObject([
      { patientId: s.patientA.id, intent: "message", appointmentId: null, buttonPayload: `cancel:${theirs}` },
    ]);
    expect((await appointmentRow(own)).status).toBe("scheduled");
  });

  it("a button payload for another patient's appointment in the same clinic changes nothing", async () => {
    const s = await replyScenario(db());
    const sibling = await createPatient(db(), { clinicId: s.clinicA.id });
    const theirs = await s.book({ ctx: s.ctxA, patientId: sibling.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    const form = inboundForm({ From: whatsappFrom(s.patientA.phone), Body: "Confirmar", ButtonPayload: `confirm:${theirs}` });
    expect(await handleInboundMessage(db(), { form, now: REPLY_AT })).toMatchObject({ intent: "message", unmatched: "notFound" });
    expect((await appointmentRow(theirs)).status).toBe("scheduled");
  });
});

describe("handleInboundMessage: opt-out and opt-in", () => {
  it("BAJA on WhatsApp opts out of WhatsApp only and plans exactly one confirmation; the same MessageSid again changes nothing", async () => {
    const s = await replyScenario(db());
    await db().update(patients).set({ preferredLocale: "en" }).where(eq(patients.id, s.patientA.id));
    const form = inboundForm({ From: whatsappFrom(s.patientA.phone), WaId: waIdOf(s.patientA.phone), Body: "¡Baja!" });

    const outcome = await handleInboundMessage(db(), { form, now: REPLY_AT });

    expect(outcome).toMatchObject({ kind: "handled", channel: "whatsapp", intent: "opt_out", appointmentId: null });
    expect(await patientRow(s.patientA.id)).toMatchObject({
      whatsappOptedOutAt: REPLY_AT,
      whatsappOptOutSource: "patient_reply",
      smsOptedOutAt: null,
      smsOptOutSource: null,
      emailOptedOutAt: null,
      emailOptOutSource: null,
    });
    const confirmations = await replyConfirmationsOf(s.patientA.id);
    expect(confirmations).toMatchObject([
      {
        clinicId: s.clinicA.id,
        notificationType: "opt_out_confirmation",
        channel: "whatsapp",
        locale: "en",
        templateKey: "opt_out_confirmation.en",
        appointmentId: null,
        sendAt: REPLY_AT,
        nextAttemptAt: REPLY_AT,
        status: "scheduled",
        idempotencyKey: `reply:${form.MessageSid}:opt_out_confirmation`,
      },
    ]);
    expect(outcome.kind === "handled" && outcome.scheduled).toEqual([
      {
        id: confirmations[0].id,
        subjectType: "patient",
        subjectId: confirmations[0].patientId,
        appointmentId: null,
        notificationType: "opt_out_confirmation",
        channel: "whatsapp",
        nextAttemptAt: REPLY_AT,
      },
    ]);
    expect(await db().select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, confirmations[0].id))).toMatchObject([
      { status: "scheduled" },
    ]);

    // Twilio retries the webhook: same MessageSid, later.
    const before = await snapshot([s.patientA.id]);
    const retry = await handleInboundMessage(db(), { form, now: new Date(REPLY_AT.getTime() + 60_000) });
    expect(retry).toEqual({ kind: "duplicate", channel: "whatsapp" });
    expect(await snapshot([s.patientA.id])).toEqual(before);
    expect(await inboundOf(s.patientA.id)).toMatchObject([{ intent: "opt_out", body: "¡Baja!" }]);
    // The other clinic's patient is untouched.
    expect((await patientRow(s.patientB.id)).whatsappOptedOutAt).toBeNull();
  });

  it("STOP on SMS opts out of SMS only", async () => {
    const s = await replyScenario(db());
    const outcome = await handleInboundMessage(db(), { form: inboundForm({ From: s.patientA.phone, Body: "STOP" }), now: REPLY_AT });
    expect(outcome).toMatchObject({ channel: "sms", intent: "opt_out" });
    expect(await patientRow(s.patientA.id)).toMatchObject({
      smsOptedOutAt: REPLY_AT,
      smsOptOutSource: "patient_reply",
      whatsappOptedOutAt: null,
      emailOptedOutAt: null,
    });
    expect(await replyConfirmationsOf(s.patientA.id)).toMatchObject([
      { notificationType: "opt_out_confirmation", channel: "sms", templateKey: "opt_out_confirmation.es" },
    ]);
  });

  it("START opts back in on that channel and plans an opt-in confirmation", async () => {
    const s = await replyScenario(db());
    const from = whatsappFrom(s.patientA.phone);
    await handleInboundMessage(db(), { form: inboundForm({ From: from, Body: "BAJA" }), now: REPLY_AT });
    await db().update(patients).set({ smsOptedOutAt: REPLY_AT, smsOptOutSource: "staff" }).where(eq(patients.id, s.patientA.id));

    const later = new Date(REPLY_AT.getTime() + 60 * 60_000);
    const outcome = await handleInboundMessage(db(), { form: inboundForm({ From: from, Body: "START" }), now: later });

    expect(outcome).toMatchObject({ channel: "whatsapp", intent: "opt_in" });
    // Back in on WhatsApp; the SMS opt-out (another channel) stays.
    expect(await patientRow(s.patientA.id)).toMatchObject({
      whatsappOptedOutAt: null,
      whatsappOptOutSource: null,
      smsOptedOutAt: REPLY_AT,
      smsOptOutSource: "staff",
    });
    expect((await replyConfirmationsOf(s.patientA.id)).map((d) => [d.notificationType, d.channel, d.sendAt]).sort()).toEqual([
      ["opt_in_confirmation", "whatsapp", later],
      ["opt_out_confirmation", "whatsapp", REPLY_AT],
    ]);
    expect((await inboundOf(s.patientA.id)).map((m) => m.intent).sort()).toEqual(["opt_in", "opt_out"]);
  });

  it("YES on SMS opts back in a patient opted out of SMS (Twilio's keyword), and confirms for anyone else", async () => {
    const s = await replyScenario(db());
    const next = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    await handleInboundMessage(db(), { form: inboundForm({ From: s.patientA.phone, Body: "STOP" }), now: REPLY_AT });

    const optIn = await handleInboundMessage(db(), { form: inboundForm({ From: s.patientA.phone, Body: "Yes" }), now: REPLY_AT });
    expect(optIn).toMatchObject({ intent: "opt_in", appointmentId: null });
    expect((await patientRow(s.patientA.id)).smsOptedOutAt).toBeNull();
    expect((await appointmentRow(next)).status).toBe("scheduled");

    const confirm = await handleInboundMessage(db(), { form: inboundForm({ From: s.patientA.phone, Body: "YES" }), now: REPLY_AT });
    expect(confirm).toMatchObject({ intent: "confirm", appointmentId: next });
    expect((await appointmentRow(next)).status).toBe("confirmed");
  });

  it("a phone shared by two clinics' patients: the one Luna last wrote to on that channel is opted out, not the other", async () => {
    const s = await replyScenario(db());
    const phone = uniqueMxPhone();
    await db()
      .update(patients)
      .set({ phone })
      .where(inArray(patients.id, [s.patientA.id, s.patientB.id]));
    // Clinic B's booking (a WhatsApp confirmation) is the latest message to this number.
    await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    const inB = await s.book({ ctx: s.ctxB, patientId: s.patientB.id, doctorId: s.doctorB.id, startsAt: "2026-11-30T10:00" });
    await db()
      .update(deliveries)
      .set({ status: "delivered", lastAttemptAt: new Date(REPLY_AT.getTime() - 60_000) })
      .where(
        and(eq(deliveries.appointmentId, inB), eq(deliveries.channel, "whatsapp"), eq(deliveries.notificationType, "booking_confirmation")),
      );

    const outcome = await handleInboundMessage(db(), { form: inboundForm({ From: whatsappFrom(phone), Body: "alto" }), now: REPLY_AT });

    expect(outcome).toMatchObject({ clinicId: s.clinicB.id, patientId: s.patientB.id, intent: "opt_out" });
    expect((await patientRow(s.patientB.id)).whatsappOptedOutAt).toEqual(REPLY_AT);
    expect((await patientRow(s.patientA.id)).whatsappOptedOutAt).toBeNull();
    expect(await replyConfirmationsOf(s.patientA.id)).toEqual([]);
    expect(await replyConfirmationsOf(s.patientB.id)).toHaveLength(1);
  });
});

describe("handleInboundMessage: other replies", () => {
  it("a reply from an unknown number changes nothing and stores nothing", async () => {
    const s = await replyScenario(db());
    await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    const before = await snapshot([s.patientA.id, s.patientB.id]);
    const form = inboundForm({ From: whatsappFrom(uniqueMxPhone()), Body: "BAJA" });

    expect(await handleInboundMessage(db(), { form, now: REPLY_AT })).toEqual({ kind: "unknown_sender", channel: "whatsapp" });
    expect(await handleInboundMessage(db(), { form: inboundForm({ From: "not-a-phone", Body: "2" }), now: REPLY_AT })).toEqual({
      kind: "unknown_sender",
      channel: "sms",
    });
    expect(await snapshot([s.patientA.id, s.patientB.id])).toEqual(before);
    expect(await db().select().from(inboundMessages).where(eq(inboundMessages.providerMessageId, form.MessageSid))).toEqual([]);
  });

  it("free text is kept on the patient's chart as a message, and nothing else changes", async () => {
    const s = await replyScenario(db());
    const next = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    const before = await snapshot([s.patientA.id, s.patientB.id]);
    const body = "Hola, ¿puedo llegar 10 minutos tarde? Quiero cancelar si no.";

    const outcome = await handleInboundMessage(db(), {
      form: inboundForm({ From: whatsappFrom(s.patientA.phone), Body: body }),
      now: REPLY_AT,
    });

    expect(outcome).toMatchObject({ kind: "handled", intent: "message", appointmentId: null, scheduled: [] });
    expect(outcome).not.toHaveProperty("unmatched");
    const after = await snapshot([s.patientA.id, s.patientB.id]);
    expect(after.appointments).toEqual(before.appointments);
    expect(after.deliveries).toEqual(before.deliveries);
    expect(after.patients).toEqual(before.patients);
    expect(after.inbound).toMatchObject([
      { clinicId: s.clinicA.id, patientId: s.patientA.id, intent: "message", body, appointmentId: null },
    ]);
    expect((await appointmentRow(next)).status).toBe("scheduled");
  });

  it("two deliveries of the same webhook at once act once", async () => {
    const s = await replyScenario(db());
    const form = inboundForm({ From: whatsappFrom(s.patientA.phone), Body: "BAJA" });
    const outcomes = await Promise.all([
      handleInboundMessage(db(), { form, now: REPLY_AT }),
      handleInboundMessage(db(), { form, now: REPLY_AT }),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["duplicate", "handled"]);
    expect(await replyConfirmationsOf(s.patientA.id)).toHaveLength(1);
    expect(await inboundOf(s.patientA.id)).toHaveLength(1);
  });
});
