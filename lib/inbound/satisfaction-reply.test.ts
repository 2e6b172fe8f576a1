import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, deliveries } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { markAppointmentOutcome } from "@/lib/appointments/change-appointment";
import { satisfactionKind } from "@/lib/notifications/kinds/satisfaction";
import { setNotificationChannel } from "@/lib/notifications/settings";
import { getSatisfactionKpis } from "@/lib/results/business-kpis";
import { handleInboundMessage } from "./handle-inbound-message";
import { parseSatisfactionButton, satisfactionScoreOfText } from "./match-satisfaction-reply";
import { inboundForm, replyScenario, whatsappFrom } from "./test-fixtures";

/**
 * The post-visit satisfaction question, from the visit marked attended to the answer stored on it, in two
 * clinics: only the clinic that turned it on asks, and a bare digit rates the visit only while the question
 * is open (otherwise "1" confirms and "2" cancels the next visit, as before).
 */
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});
const db = () => database.db;

// The visit: Thursday 26 Nov 2026, 10:00–10:30 in Mexico City (16:00–16:30Z); marked attended at 16:45Z.
const MARKED_AT = new Date("2026-11-26T16:45:00Z");
const SENT_AT = new Date("2026-11-26T17:45:00Z");
const appointmentRow = async (id: string) => (await db().select().from(appointments).where(eq(appointments.id, id)))[0];
const surveysOf = (appointmentId: string) =>
  db()
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.appointmentId, appointmentId), eq(deliveries.notificationType, "satisfaction_survey")));

async function scenario(options: { enableB?: boolean } = {}) {
  const s = await replyScenario(db());
  await setNotificationChannel(db(), {
    clinicId: s.clinicA.id,
    notificationType: "satisfaction_survey",
    channel: "whatsapp",
    enabled: true,
    now: MARKED_AT,
  });
  if (options.enableB) {
    await setNotificationChannel(db(), {
      clinicId: s.clinicB.id,
      notificationType: "satisfaction_survey",
      channel: "whatsapp",
      enabled: true,
      now: MARKED_AT,
    });
  }
  const visitA = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-26T16:00:00Z" });
  const nextA = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-12-03T16:00:00Z" });
  const visitB = await s.book({ ctx: s.ctxB, patientId: s.patientB.id, doctorId: s.doctorB.id, startsAt: "2026-11-26T16:00:00Z" });
  for (const [ctx, id] of [
    [s.ctxA, visitA],
    [s.ctxB, visitB],
  ] as const) {
    const result = await markAppointmentOutcome(db(), ctx, { input: { appointmentId: id, outcome: "completed" }, now: MARKED_AT });
    expect(result).toMatchObject({ ok: true });
  }
  /** The question as the provider reported it delivered. */
  const deliverSurvey = async (appointmentId: string) => {
    await db().update(deliveries).set({ status: "delivered" }).where(eq(deliveries.appointmentId, appointmentId));
  };
  const reply = (body: string, at: Date, buttonPayload?: string) =>
    handleInboundMessage(db(), {
      form: inboundForm({ From: whatsappFrom(s.patientA.phone), Body: body, ...(buttonPayload ? { ButtonPayload: buttonPayload } : {}) }),
      now: at,
    });
  return { ...s, visitA, nextA, visitB, deliverSurvey, reply };
}

describe("the satisfaction question is planned", () => {
  it("when a visit is marked attended, only where the clinic turned it on, an hour after, once", async () => {
    const s = await scenario();
    expect(await surveysOf(s.visitA)).toMatchObject([
      {
        clinicId: s.clinicA.id,
        patientId: s.patientA.id,
        subjectType: "appointment",
        subjectId: s.visitA,
        channel: "whatsapp",
        status: "scheduled",
        sendAt: SENT_AT,
        templateKey: "satisfaction_survey.es",
      },
    ]);
    // Clinic B has it off (the default).
    expect(await surveysOf(s.visitB)).toEqual([]);
    // Marked again (no-show, then attended): still one question.
    await markAppointmentOutcome(db(), s.ctxA, { input: { appointmentId: s.visitA, outcome: "no_show" }, now: MARKED_AT });
    await markAppointmentOutcome(db(), s.ctxA, { input: { appointmentId: s.visitA, outcome: "completed" }, now: MARKED_AT });
    expect(await surveysOf(s.visitA)).toHaveLength(1);
  });

  it("is not sent for a visit re-marked a no-show, nor once it was answered, nor by email", async () => {
    const s = await scenario();
    const subject = { ...(await appointmentRow(s.visitA)), doctorName: "Dr. García", doctorTitle: null };
    const delivery = { notificationType: "satisfaction_survey" as const, channel: "whatsapp" as const, subjectVersion: 1, sendAt: SENT_AT };
    const patient = s.patientA;
    const settings = { channels: { satisfaction_survey: { whatsapp: true, sms: false, email: true } } } as never;
    expect(satisfactionKind.decide({ delivery, subject, patient, settings, now: SENT_AT })).toEqual({ send: true });
    expect(
      satisfactionKind.decide({ delivery, subject: { ...subject, status: "no_show" }, patient, settings, now: SENT_AT }),
    ).toMatchObject({
      send: false,
      reason: "visit_not_attended",
    });
    expect(
      satisfactionKind.decide({ delivery, subject: { ...subject, satisfactionScore: 4 }, patient, settings, now: SENT_AT }),
    ).toMatchObject({
      send: false,
      reason: "already_answered",
    });
    expect(
      satisfactionKind.decide({ delivery: { ...delivery, channel: "email" }, subject, patient, settings, now: SENT_AT }),
    ).toMatchObject({
      send: false,
      reason: "no_reply_channel",
    });
  });
});

describe("a reply rates the visit", () => {
  it("a bare '1' while the question is open rates the visit 1 and confirms nothing; then '1' confirms the next visit again", async () => {
    const s = await scenario();
    await s.deliverSurvey(s.visitA);
    const at = new Date(SENT_AT.getTime() + 10 * 60_000);
    expect(await s.reply("1", at)).toMatchObject({ intent: "satisfaction", appointmentId: s.visitA, satisfaction: { score: 1 } });
    expect(await appointmentRow(s.visitA)).toMatchObject({ satisfactionScore: 1, satisfactionAnsweredAt: at, status: "completed" });
    expect((await appointmentRow(s.nextA)).status).toBe("scheduled");
    // Answered: the question is closed, so the next "1" is a confirmation.
    expect(await s.reply("1", new Date(at.getTime() + 60_000))).toMatchObject({ intent: "confirm", appointmentId: s.nextA });
    expect((await appointmentRow(s.visitA)).satisfactionScore).toBe(1);
  });

  it("the button names its visit and a later tap replaces the answer; another clinic's visit is never rated", async () => {
    const s = await scenario({ enableB: true });
    await s.deliverSurvey(s.visitA);
    await s.deliverSurvey(s.visitB);
    const at = new Date(SENT_AT.getTime() + 5 * 60_000);
    expect(await s.reply("4 · Buena", at, `csat_4:${s.visitA}`)).toMatchObject({ intent: "satisfaction", satisfaction: { score: 4 } });
    expect(await s.reply("5 · Excelente", new Date(at.getTime() + 60_000), `csat_5:${s.visitA}`)).toMatchObject({
      intent: "satisfaction",
      satisfaction: { score: 5 },
    });
    expect((await appointmentRow(s.visitA)).satisfactionScore).toBe(5);
    // Clinic A's patient pressing a button that names clinic B's visit: kept as a message, nothing rated.
    expect(await s.reply("1 · Muy mala", new Date(at.getTime() + 120_000), `csat_1:${s.visitB}`)).toMatchObject({
      intent: "message",
      appointmentId: null,
    });
    expect((await appointmentRow(s.visitB)).satisfactionScore).toBeNull();
  });

  it("'1' is a confirmation when the question never went out, is 48 h old, or a reminder came after it", async () => {
    // Not yet sent (still scheduled): "1" confirms the next visit.
    const notSent = await scenario();
    expect(await notSent.reply("1", new Date(SENT_AT.getTime() + 60_000))).toMatchObject({
      intent: "confirm",
      appointmentId: notSent.nextA,
    });

    // Sent 48 h ago: too old to be what a bare digit answers.
    const old = await scenario();
    await old.deliverSurvey(old.visitA);
    expect(await old.reply("2", new Date(SENT_AT.getTime() + 48 * 3_600_000))).toMatchObject({
      intent: "cancel",
      appointmentId: old.nextA,
    });
    expect((await appointmentRow(old.visitA)).satisfactionScore).toBeNull();

    // A reminder of the next visit went out after the question: "1" answers the reminder.
    const reminded = await scenario();
    await reminded.deliverSurvey(reminded.visitA);
    const [reminder] = await db()
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.appointmentId, reminded.nextA), eq(deliveries.notificationType, "reminder")));
    await db()
      .update(deliveries)
      .set({ status: "delivered", sendAt: new Date(SENT_AT.getTime() + 60_000) })
      .where(eq(deliveries.id, reminder.id));
    expect(await reminded.reply("1", new Date(SENT_AT.getTime() + 120_000))).toMatchObject({
      intent: "confirm",
      appointmentId: reminded.nextA,
    });
    expect((await appointmentRow(reminded.visitA)).satisfactionScore).toBeNull();
  });
});

describe("reading a rating", () => {
  it("digits, keycaps, courtesy words and typed button labels; nothing else", () => {
    expect(["5", "5️⃣", "5 gracias", "5 · Excelente", "4 good"].map(satisfactionScoreOfText)).toEqual([5, 5, 5, 5, 4]);
    expect(["0", "6", "12", "sí", "", "cinco"].map(satisfactionScoreOfText)).toEqual([null, null, null, null, null, null]);
    expect(parseSatisfactionButton("csat_3:3f1c9a52-7d4e-4b8a-9c1e-2a6b5d8e0f47")).toEqual({
      score: 3,
      appointmentId: "3f1c9a52-7d4e-4b8a-9c1e-2a6b5d8e0f47",
    });
    expect(parseSatisfactionButton("csat_6:3f1c9a52-7d4e-4b8a-9c1e-2a6b5d8e0f47")).toBeNull();
    expect(parseSatisfactionButton("confirm:3f1c9a52-7d4e-4b8a-9c1e-2a6b5d8e0f47")).toBeNull();
  });
});

describe("getSatisfactionKpis", () => {
  it("CSAT (4–5 ÷ answers) and response rate (answers ÷ asked) per clinic; none asked: no figures", async () => {
    const s = await scenario({ enableB: true });
    await s.deliverSurvey(s.visitA);
    await s.deliverSurvey(s.visitB);
    const range = { from: new Date("2026-11-01T06:00:00Z"), to: new Date("2026-12-01T06:00:00Z") };
    expect(await getSatisfactionKpis(db(), { clinicId: s.clinicA.id, range })).toMatchObject({
      asked: 1,
      answered: 0,
      csat: null,
      responseRate: 0,
    });
    await s.reply("5", new Date(SENT_AT.getTime() + 60_000));
    expect(await getSatisfactionKpis(db(), { clinicId: s.clinicA.id, range })).toEqual({
      asked: 1,
      answered: 1,
      topTwo: 1,
      csat: 1,
      responseRate: 1,
      distribution: [
        { score: 1, count: 0 },
        { score: 2, count: 0 },
        { score: 3, count: 0 },
        { score: 4, count: 0 },
        { score: 5, count: 1 },
      ],
    });
    // Clinic B's asked visit is its own; nobody answered there.
    expect(await getSatisfactionKpis(db(), { clinicId: s.clinicB.id, range })).toMatchObject({ asked: 1, answered: 0, csat: null });
    const empty = { from: new Date("2026-10-01T06:00:00Z"), to: new Date("2026-11-01T06:00:00Z") };
    expect(await getSatisfactionKpis(db(), { clinicId: s.clinicA.id, range: empty })).toMatchObject({
      asked: 0,
      csat: null,
      responseRate: null,
    });
  });
});
