import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  appointments,
  auditLog,
  campaignRecipients,
  campaigns,
  formRequests,
  clinics,
  deliveries,
  marketingConsentEvents,
  patients,
  type Patient,
} from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { submitIntakeAnswers } from "@/lib/forms/submit-intake-answers";
import { handleInboundMessage } from "@/lib/inbound/handle-inbound-message";
import { inboundForm, whatsappFrom } from "@/lib/inbound/test-fixtures";
import { runSweep } from "@/lib/notifications/dispatch";
import { campaignKind } from "@/lib/notifications/kinds/campaign";
import { createMemoryProvider } from "@/lib/notifications/testing/memory-transport";
import { renderMessage } from "@/lib/notifications/render-message";
import { cancelCampaign, createCampaign, fanOutCampaign, getCampaignProgress, launchCampaign } from "./campaigns";
import { changeMarketingConsentAsStaff, listMarketingConsents, setMarketingConsent } from "./consent";
import { countSegment } from "./segment";
import { unsubscribeHeaders, unsubscribeWithToken, verifyUnsubscribeToken } from "./unsubscribe";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

// 10:00 in Mexico City: outside quiet hours.
const NOW = new Date("2026-11-25T16:00:00Z");
const DAY = 86_400_000;
const MX = "America/Mexico_City";

async function scene() {
  const db = database.db;
  const two = await createTwoClinics(db);
  const admin = await createStaff(db, { clinicId: two.clinicA.id, role: "admin" });
  const adminCtx = staffContext(admin, two.clinicA);
  const adminB = await createStaff(db, { clinicId: two.clinicB.id, role: "admin" });
  const adminCtxB = staffContext(adminB, two.clinicB);
  const doctor = await createStaff(db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
  const grant = (patient: Patient, channel: "whatsapp" | "sms" | "email") =>
    setMarketingConsent(db, {
      clinicId: patient.clinicId,
      patientId: patient.id,
      channel,
      granted: true,
      source: "staff",
      actorUserId: null,
      now: new Date(NOW.getTime() - 30 * DAY),
    });
  const visit = (patient: Patient, daysFromNow: number, extra: Partial<typeof appointments.$inferInsert> = {}) => {
    const startsAt = new Date(NOW.getTime() + daysFromNow * DAY);
    return db.insert(appointments).values({
      clinicId: patient.clinicId,
      patientId: patient.id,
      doctorId: doctor.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 1_800_000),
      status: daysFromNow < 0 ? "completed" : "scheduled",
      ...extra,
    });
  };
  return { ...two, admin, adminCtx, adminB, adminCtxB, doctor, grant, visit };
}

const count = (clinicId: string, segment: Record<string, unknown> = {}) =>
  countSegment(database.db, { clinicId, timeZone: MX, segment, now: NOW });

describe("marketing consent", () => {
  it("is off by default, recorded per channel with its evidence, audited when staff change it, and only in their clinic", async () => {
    const { clinicA, adminCtx, ctxB } = await scene();
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    expect(await listMarketingConsents(database.db, { clinicId: clinicA.id, patientId: patient.id })).toEqual([]);

    const result = await changeMarketingConsentAsStaff(database.db, adminCtx, {
      input: { patientId: patient.id, channel: "whatsapp", granted: "true" },
      now: NOW,
    });
    expect(result).toEqual({ ok: true, changed: true });
    const [consent] = await listMarketingConsents(database.db, { clinicId: clinicA.id, patientId: patient.id });
    expect(consent).toMatchObject({ channel: "whatsapp", source: "staff", actorUserId: adminCtx.userId, noticeVersion: "2025-03" });
    expect(consent.grantedAt).toEqual(NOW);
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, clinicA.id), eq(auditLog.entityId, patient.id)));
    expect(audit.map((a) => a.action)).toEqual(["marketing_consent.grant"]);

    // Another clinic's staff cannot touch it; bad input writes nothing.
    expect(
      await changeMarketingConsentAsStaff(database.db, ctxB, { input: { patientId: patient.id, channel: "sms", granted: true }, now: NOW }),
    ).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(
      await changeMarketingConsentAsStaff(database.db, adminCtx, { input: { patientId: patient.id, channel: "fax", granted: true } }),
    ).toEqual({
      ok: false,
      error: "invalid",
    });
    const events = await database.db.select().from(marketingConsentEvents).where(eq(marketingConsentEvents.patientId, patient.id));
    expect(events).toHaveLength(1);
  });
});

describe("the intake form's campaigns checkbox", () => {
  const answers = {
    dateOfBirth: "1980-04-02",
    allergies: "",
    medications: "",
    conditions: "",
    emergencyContactName: "Rosa",
    emergencyContactPhone: "5512345678",
    consent: "on",
  };
  it("records marketing consent on every channel when ticked, nothing when left unticked; the birth date goes on the patient", async () => {
    const { clinicA } = await scene();
    const db = database.db;
    const submit = async (input: Record<string, unknown>) => {
      const p = await createPatient(db, { clinicId: clinicA.id });
      const [form] = await db.insert(formRequests).values({ clinicId: clinicA.id, patientId: p.id, trigger: "staff" }).returning();
      const r = await submitIntakeAnswers(db, {
        clinicId: clinicA.id,
        patientId: p.id,
        formRequestId: form.id,
        input,
        now: NOW,
        timeZone: MX,
      });
      expect(r.ok).toBe(true);
      return p;
    };
    const unticked = await submit(answers);
    expect(await listMarketingConsents(db, { clinicId: clinicA.id, patientId: unticked.id })).toEqual([]);
    const [row] = await db.select().from(patients).where(eq(patients.id, unticked.id));
    expect(row.birthDate).toBe("1980-04-02");
    const ticked = await submit({ ...answers, marketingConsent: "on" });
    const consents = await listMarketingConsents(db, { clinicId: clinicA.id, patientId: ticked.id });
    expect(consents.map((c) => [c.channel, c.source, Boolean(c.grantedAt)])).toEqual([
      ["whatsapp", "intake_form", true],
      ["sms", "intake_form", true],
      ["email", "intake_form", true],
    ]);
  });
});

describe("segments", () => {
  it("counts recipients and the excluded with their reasons, per clinic", async () => {
    const { clinicA, clinicB, grant } = await scene();
    const db = database.db;
    const ok = await createPatient(db, { clinicId: clinicA.id });
    await grant(ok, "whatsapp");
    await createPatient(db, { clinicId: clinicA.id }); // never consented
    const optedOut = await createPatient(db, { clinicId: clinicA.id, smsOptedOutAt: NOW, smsOptOutSource: "patient_reply" });
    await grant(optedOut, "sms");
    const noEmail = await createPatient(db, { clinicId: clinicA.id, email: null });
    await grant(noEmail, "email");
    const recent = await createPatient(db, { clinicId: clinicA.id });
    await grant(recent, "whatsapp");
    const other = await createPatient(db, { clinicId: clinicB.id });
    await grant(other, "whatsapp");

    // A campaign reached `recent` two days ago.
    const [past] = await db
      .insert(campaigns)
      .values({ clinicId: clinicA.id, name: "x", templateType: "campaign_recall", segment: {}, status: "done" })
      .returning();
    await db.insert(campaignRecipients).values({
      clinicId: clinicA.id,
      campaignId: past.id,
      patientId: recent.id,
      channel: "whatsapp",
      createdAt: new Date(NOW.getTime() - 2 * DAY),
    });

    expect(await count(clinicA.id)).toEqual({
      recipients: 1,
      excluded: { no_consent: 1, opted_out: 1, no_usable_channel: 1, recently_contacted: 1 },
    });
    expect((await count(clinicB.id)).recipients).toBe(1);
  });

  it("filters on visits and demographics", async () => {
    const { clinicA, grant, visit, doctor } = await scene();
    const db = database.db;
    const make = async (extra: Partial<typeof patients.$inferInsert> = {}) => {
      const p = await createPatient(db, { clinicId: clinicA.id, ...extra });
      await grant(p, "whatsapp");
      return p;
    };
    const lapsed = await make({ birthDate: "1960-05-01", preferredLocale: "en" });
    await visit(lapsed, -400);
    const recentVisitor = await make({ birthDate: "2000-01-01" });
    await visit(recentVisitor, -20, { kind: "video", videoUrl: "https://meet.example.com/x" });
    const booked = await make();
    await visit(booked, -200);
    await visit(booked, 5);
    await make(); // never visited

    const n = async (segment: Record<string, unknown>) => (await count(clinicA.id, segment)).recipients;
    expect(await n({})).toBe(4);
    expect(await n({ noVisitMonths: 12 })).toBe(2); // lapsed + never visited
    expect(await n({ lastVisitBefore: "2026-01-01" })).toBe(1);
    expect(await n({ lastVisitAfter: "2026-10-01" })).toBe(1);
    expect(await n({ visitKind: "video" })).toBe(1);
    expect(await n({ doctorId: doctor.id })).toBe(3);
    expect(await n({ ageMin: 60 })).toBe(1);
    expect(await n({ ageMin: 18, ageMax: 30 })).toBe(1);
    expect(await n({ locale: "en" })).toBe(1);
    expect(await n({ hasUpcomingVisit: true })).toBe(1);
    expect(await n({ hasUpcomingVisit: false })).toBe(3);
  });
});

describe("campaigns", () => {
  const input = (extra: Record<string, unknown> = {}) => ({
    name: "Influenza 2026",
    templateType: "campaign_flu_vaccination",
    segment: {},
    ...extra,
  });

  it("refuses bad input with codes and writes nothing; staff cannot create", async () => {
    const { adminCtx, ctxA } = await scene();
    expect(await createCampaign(database.db, ctxA, { input: input(), now: NOW })).toEqual({ ok: false, error: "forbidden" });
    const bad = async (extra: Record<string, unknown>) => {
      const r = await createCampaign(database.db, adminCtx, { input: input(extra), now: NOW });
      return r.ok ? null : "fieldErrors" in r ? r.fieldErrors : r.error;
    };
    expect(await bad({ name: "" })).toMatchObject({ name: "required" });
    expect(await bad({ templateType: "reminder" })).toMatchObject({ templateType: "invalidTemplate" });
    expect(await bad({ segment: { diagnosis: "diabetes" } })).toMatchObject({ segment: "unknownFilter" });
    expect(await bad({ scheduledAt: "2026-11-24T10:00" })).toMatchObject({ scheduledAt: "inThePast" });
    await database.db.update(clinics).set({ quietHoursEnabled: true }).where(eq(clinics.id, adminCtx.clinicId));
    expect(await bad({ scheduledAt: "2026-11-25T22:30" })).toMatchObject({ scheduledAt: "inQuietHours" });
    expect(await bad({ bookingUrl: "javascript:alert(1)" })).toMatchObject({ bookingUrl: "invalidUrl" });
  });

  it("fans out once per eligible patient, idempotently, in batches; another clinic cannot launch it", async () => {
    const { clinicA, adminCtx, adminCtxB, grant } = await scene();
    const db = database.db;
    const ps = [];
    for (let i = 0; i < 5; i++) {
      const p = await createPatient(db, { clinicId: clinicA.id, preferredLocale: i % 2 ? "en" : "es", email: `c${i}@example.com` });
      await grant(p, i === 4 ? "email" : "whatsapp");
      ps.push(p);
    }
    await createPatient(db, { clinicId: clinicA.id }); // no consent: not a recipient
    const created = await createCampaign(db, adminCtx, { input: input({ bookingUrl: "https://clinica.example.mx/citas" }), now: NOW });
    if (!created.ok) throw new Error(JSON.stringify(created));

    expect(await launchCampaign(db, adminCtxB, { campaignId: created.campaignId, now: NOW })).toEqual({ ok: false, error: "notFound" });
    expect(await launchCampaign(db, adminCtx, { campaignId: created.campaignId, now: NOW, batchSize: 2 })).toEqual({
      ok: true,
      recipients: 5,
      queued: 5,
    });
    // Re-running (a retry, a double click, the fan-out alone) never adds a message.
    expect(await launchCampaign(db, adminCtx, { campaignId: created.campaignId, now: NOW, batchSize: 2 })).toEqual({
      ok: true,
      recipients: 5,
      queued: 0,
    });
    expect(await fanOutCampaign(db, { clinicId: clinicA.id, campaignId: created.campaignId, timeZone: MX, now: NOW })).toEqual({
      recipients: 5,
      queued: 0,
    });

    const rows = await db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.clinicId, clinicA.id), eq(deliveries.subjectType, "campaign_recipient")));
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.channel === "email")).toHaveLength(1);
    expect(new Set(rows.map((r) => r.templateKey))).toEqual(new Set(["campaign_flu_vaccination.es", "campaign_flu_vaccination.en"]));
    expect(rows.every((r) => r.payload.bookingUrl === "https://clinica.example.mx/citas")).toBe(true);
    expect(await getCampaignProgress(db, { clinicId: clinicA.id, campaignId: created.campaignId })).toMatchObject({
      recipients: 5,
      queued: 5,
    });
    // A second campaign within 7 days finds them all recently contacted.
    expect((await count(clinicA.id)).excluded.recently_contacted).toBe(5);

    const cancelled = await cancelCampaign(db, adminCtx, { campaignId: created.campaignId, now: NOW });
    expect(cancelled).toEqual({ ok: true, cancelled: 5 });
    expect(await getCampaignProgress(db, { clinicId: clinicA.id, campaignId: created.campaignId })).toMatchObject({
      queued: 0,
      cancelled: 5,
    });
  });

  it("sends through the engine: consent revoked after launch skips that patient; progress counts from the deliveries", async () => {
    const { clinicA, adminCtx, grant } = await scene();
    const db = database.db;
    const keep = await createPatient(db, { clinicId: clinicA.id, firstName: "Rosa" });
    const leave = await createPatient(db, { clinicId: clinicA.id });
    await grant(keep, "whatsapp");
    await grant(leave, "whatsapp");
    const created = await createCampaign(db, adminCtx, { input: input(), now: NOW });
    if (!created.ok) throw new Error("create");
    expect(await launchCampaign(db, adminCtx, { campaignId: created.campaignId, now: NOW })).toMatchObject({ ok: true, queued: 2 });
    await setMarketingConsent(db, {
      clinicId: clinicA.id,
      patientId: leave.id,
      channel: "whatsapp",
      granted: false,
      source: "unsubscribe_link",
      actorUserId: null,
      now: NOW,
    });
    const provider = createMemoryProvider();
    await runSweep(
      { db, transports: provider.transports, now: () => NOW, contextMaxAgeMs: 60_000 },
      { scope: { clinicIds: [clinicA.id] } },
    );
    const mine = provider.accepted.filter((m) => m.text?.includes("influenza"));
    expect(mine).toHaveLength(1);
    expect(mine[0].text).toContain("Hola Rosa, la campaña de vacunación contra la influenza ya empezó en");
    const progress = await getCampaignProgress(db, { clinicId: clinicA.id, campaignId: created.campaignId });
    expect(progress).toMatchObject({ recipients: 2, queued: 0, sent: 1 });
    // The revoked patient's WhatsApp is skipped; a fallback (SMS, email) is skipped too without consent there.
    expect(progress.skipped).toBe(1);
  });

  it("refuses to launch an empty segment", async () => {
    const { clinicA, adminCtx } = await scene();
    await createPatient(database.db, { clinicId: clinicA.id });
    const created = await createCampaign(database.db, adminCtx, { input: input(), now: NOW });
    if (!created.ok) throw new Error("create");
    expect(await launchCampaign(database.db, adminCtx, { campaignId: created.campaignId, now: NOW })).toEqual({
      ok: false,
      error: "emptySegment",
    });
  });

  it("re-checks consent at send time, and says only the first name, the clinic and where to book", async () => {
    const { clinicA, grant } = await scene();
    const db = database.db;
    const p = await createPatient(db, { clinicId: clinicA.id, firstName: "Lucía" });
    await grant(p, "whatsapp");
    const [recipient] = await db
      .insert(campaignRecipients)
      .values({
        clinicId: clinicA.id,
        campaignId: await (async () => {
          const [c] = await db
            .insert(campaigns)
            .values({ clinicId: clinicA.id, name: "x", templateType: "campaign_recall", segment: {}, status: "sending" })
            .returning();
          return c.id;
        })(),
        patientId: p.id,
        channel: "whatsapp",
      })
      .returning();
    const key = { clinicId: clinicA.id, patientId: p.id, subjectId: recipient.id };
    const load = async () => (await campaignKind.loadSubjects(db, [key])).get(`${clinicA.id}/${recipient.id}`)!;
    const delivery = { notificationType: "campaign_recall" as const, channel: "whatsapp" as const, subjectVersion: null, sendAt: NOW };
    const settings = { channels: {} as never };
    expect(campaignKind.decide({ delivery, subject: await load(), patient: p, settings, now: NOW })).toEqual({ send: true });
    expect(
      campaignKind.decide({ delivery: { ...delivery, channel: "sms" }, subject: await load(), patient: p, settings, now: NOW }),
    ).toMatchObject({
      send: false,
      reason: "no_marketing_consent",
    });
    await setMarketingConsent(db, {
      clinicId: clinicA.id,
      patientId: p.id,
      channel: "whatsapp",
      granted: false,
      source: "patient_reply",
      actorUserId: null,
      now: NOW,
    });
    expect(campaignKind.decide({ delivery, subject: await load(), patient: p, settings, now: NOW })).toMatchObject({
      send: false,
      status: "skipped",
    });

    const { vars } = campaignKind.templateValues({
      subject: await load(),
      payload: {},
      patient: p,
      clinic: { name: "Clínica Sol", timezone: MX },
      locale: "es",
      now: NOW,
    });
    const rendered = await renderMessage({ type: "campaign_recall", variant: "in_person", locale: "es", vars, withEmail: false });
    expect(rendered.text).toBe(
      "Hola Lucía, ha pasado un tiempo desde tu última visita a Clínica Sol y nos dará gusto verte de nuevo. Agenda tu cita en Clínica Sol o responde a este mensaje. Para no recibir campañas, responde BAJA.",
    );
  });
});

describe("email one-click unsubscribe", () => {
  it("a campaign email carries List-Unsubscribe + List-Unsubscribe-Post; the POST withdraws email consent only; a forged token changes nothing", async () => {
    const { clinicA, grant } = await scene();
    const db = database.db;
    const p = await createPatient(db, { clinicId: clinicA.id, email: "ana@example.com" });
    await grant(p, "email");
    await grant(p, "whatsapp");
    expect(campaignKind.oneClickUnsubscribe).toBe(true);
    const headers = unsubscribeHeaders({ clinicId: clinicA.id, patientId: p.id, channel: "email" });
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const url = /^<(.+)>$/.exec(headers["List-Unsubscribe"])![1];
    const token = url.split("/api/unsubscribe/")[1];
    expect(verifyUnsubscribeToken(token)).toEqual({ clinicId: clinicA.id, patientId: p.id, channel: "email" });
    expect(await unsubscribeWithToken(db, { token: `${token.slice(0, -2)}xx`, now: NOW })).toEqual({ ok: false });
    expect(await unsubscribeWithToken(db, { token, now: NOW })).toEqual({ ok: true, locale: "es" });
    const consents = await listMarketingConsents(db, { clinicId: clinicA.id, patientId: p.id });
    expect(consents.find((c) => c.channel === "email")).toMatchObject({ grantedAt: null, source: "unsubscribe_link" });
    expect(consents.find((c) => c.channel === "whatsapp")?.grantedAt).not.toBeNull();
    const [row] = await db.select().from(patients).where(eq(patients.id, p.id));
    expect(row.emailOptedOutAt).toBeNull();
  });
});

describe("BAJA to a campaign message", () => {
  it("revokes marketing consent on that channel only; reminders keep flowing; a BAJA to a reminder still opts out", async () => {
    const { clinicA, grant } = await scene();
    const db = database.db;
    const p = await createPatient(db, { clinicId: clinicA.id });
    await grant(p, "whatsapp");
    await grant(p, "email");
    const [c] = await db
      .insert(campaigns)
      .values({ clinicId: clinicA.id, name: "x", templateType: "campaign_recall", segment: {}, status: "sending" })
      .returning();
    const [r] = await db
      .insert(campaignRecipients)
      .values({ clinicId: clinicA.id, campaignId: c.id, patientId: p.id, channel: "whatsapp" })
      .returning();
    await db.insert(deliveries).values({
      clinicId: clinicA.id,
      patientId: p.id,
      subjectType: "campaign_recipient",
      subjectId: r.id,
      notificationType: "campaign_recall",
      channel: "whatsapp",
      locale: "es",
      templateKey: "campaign_recall.es",
      sendAt: NOW,
      nextAttemptAt: NOW,
      status: "delivered",
      lastAttemptAt: NOW,
      idempotencyKey: `campaign:${r.id}`,
    });
    const later = new Date(NOW.getTime() + 3_600_000);
    const outcome = await handleInboundMessage(db, { form: inboundForm({ From: whatsappFrom(p.phone), Body: "BAJA" }), now: later });
    expect(outcome).toMatchObject({ kind: "handled", intent: "marketing_opt_out", scheduled: [] });
    const [after] = await db.select().from(patients).where(eq(patients.id, p.id));
    expect(after.whatsappOptedOutAt).toBeNull();
    const consents = await listMarketingConsents(db, { clinicId: clinicA.id, patientId: p.id });
    expect(consents.find((x) => x.channel === "whatsapp")).toMatchObject({ grantedAt: null, revokedAt: later, source: "patient_reply" });
    expect(consents.find((x) => x.channel === "email")?.grantedAt).not.toBeNull();

    // The next message on WhatsApp is a reminder: a BAJA to it is the transactional opt-out, as before.
    await db.insert(deliveries).values({
      clinicId: clinicA.id,
      patientId: p.id,
      subjectType: "patient",
      subjectId: p.id,
      notificationType: "opt_in_confirmation",
      channel: "whatsapp",
      locale: "es",
      templateKey: "opt_in_confirmation.es",
      sendAt: later,
      nextAttemptAt: later,
      status: "delivered",
      lastAttemptAt: new Date(later.getTime() + 60_000),
      idempotencyKey: `t-${p.id}`,
    });
    const second = await handleInboundMessage(db, {
      form: inboundForm({ From: whatsappFrom(p.phone), Body: "BAJA" }),
      now: new Date(later.getTime() + 120_000),
    });
    expect(second).toMatchObject({ kind: "handled", intent: "opt_out" });
  });
});
