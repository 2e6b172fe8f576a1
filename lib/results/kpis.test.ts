import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { appointments, clinics, deliveries, deliveryEvents, type Clinic, type NotificationType } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext, subjectOf } from "@/db/testing/factories";
import { markAppointmentOutcome } from "@/lib/appointments/change-appointment";
import { eq } from "drizzle-orm";
import { getChannelKpis, getDoctorRates, getVisitKpis, getWeeklyRates } from "./kpis";
import { getResultsRules, listVisitsToClose } from "./outcomes";
import { resolvePeriod } from "./period";
import { listResultRecords } from "./records";

/**
 * Hand-computed figures over visits and messages with known outcomes, in a Tijuana clinic, over two weeks
 * that cross its 1 Nov 2026 DST change (PDT UTC-7 → PST UTC-8). Clinic B (also Tijuana) holds a copy of every
 * visit as a no-show with a delivered reminder: none of it may show up in clinic A's figures.
 */
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-12-03T20:00:00Z"); // Thursday 12:00 in Tijuana
const TZ = "America/Tijuana";
// Mon 26 Oct – Sun 8 Nov on Tijuana's clock: [26 Oct 07:00Z, 9 Nov 08:00Z).
const PERIOD = resolvePeriod({ period: "custom", from: "2026-10-26", to: "2026-11-08", now: NOW, timeZone: TZ });

type VisitSpec = Partial<typeof appointments.$inferInsert> & { start: string; minutes?: number };
type MessageSpec = {
  visit: string;
  type?: NotificationType;
  channel?: "whatsapp" | "sms" | "email";
  status: (typeof deliveries.$inferInsert)["status"];
  sendAt: string;
  version?: number;
  delivered?: string;
  read?: string;
  fallbackOf?: string;
};

async function scenario() {
  const { clinicA, clinicB } = await createTwoClinics(database.db);
  await database.db.update(clinics).set({ timezone: TZ }).where(eq(clinics.id, clinicA.id));
  const doctorA = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor", name: "Dra. López" });
  const doctorB = await createStaff(database.db, { clinicId: clinicB.id, role: "doctor" });
  const patientA = await createPatient(database.db, { clinicId: clinicA.id });
  const patientB = await createPatient(database.db, { clinicId: clinicB.id });
  const ids: Record<string, string> = {};
  const deliveryIds: Record<string, string> = {};

  async function visit(clinic: Clinic, name: string, spec: VisitSpec) {
    const { start, minutes = 30, ...rest } = spec;
    const [row] = await database.db
      .insert(appointments)
      .values({
        clinicId: clinic.id,
        patientId: clinic.id === clinicA.id ? patientA.id : patientB.id,
        doctorId: clinic.id === clinicA.id ? doctorA.id : doctorB.id,
        startsAt: new Date(start),
        endsAt: new Date(new Date(start).getTime() + minutes * 60_000),
        ...rest,
      })
      .returning();
    if (clinic.id === clinicA.id) ids[name] = row.id;
    return row;
  }

  async function message(clinic: Clinic, name: string, spec: MessageSpec, appointmentId: string, version: number) {
    const patientId = clinic.id === clinicA.id ? patientA.id : patientB.id;
    const type = spec.type ?? "reminder";
    const [row] = await database.db
      .insert(deliveries)
      .values({
        clinicId: clinic.id,
        patientId,
        ...subjectOf({ patientId, appointmentId, appointmentVersion: version }),
        appointmentId,
        appointmentVersion: version,
        notificationType: type,
        channel: spec.channel ?? "whatsapp",
        locale: "es",
        templateKey: `${type}.es`,
        sendAt: new Date(spec.sendAt),
        nextAttemptAt: new Date(spec.sendAt),
        status: spec.status,
        fallbackOfId: spec.fallbackOf ? deliveryIds[spec.fallbackOf] : null,
        idempotencyKey: randomUUID(),
      })
      .returning();
    if (clinic.id === clinicA.id) deliveryIds[name] = row.id;
    const events: (typeof deliveryEvents.$inferInsert)[] = [];
    if (spec.delivered)
      events.push({ deliveryId: row.id, clinicId: clinic.id, status: "delivered", source: "twilio", occurredAt: new Date(spec.delivered) });
    if (spec.read)
      events.push({ deliveryId: row.id, clinicId: clinic.id, status: "read", source: "twilio", occurredAt: new Date(spec.read) });
    if (events.length) await database.db.insert(deliveryEvents).values(events);
  }

  const visits: Record<string, VisitSpec> = {
    // Week of Mon 26 Oct (PDT)
    V1: {
      start: "2026-10-27T17:00:00Z",
      minutes: 60,
      status: "completed",
      confirmedAt: new Date("2026-10-26T18:30:00Z"),
      confirmedBy: "patient",
    },
    V2: { start: "2026-10-28T17:00:00Z", status: "no_show" },
    V3: { start: "2026-10-29T17:00:00Z", status: "completed", confirmedAt: new Date("2026-10-29T10:00:00Z"), confirmedBy: "staff" },
    // Sunday 1 Nov 23:30 PST is Monday 07:30Z: still the week of 26 Oct on the clinic's clock.
    V4: {
      start: "2026-11-02T07:30:00Z",
      minutes: 45,
      status: "completed",
      confirmedAt: new Date("2026-11-01T08:00:00Z"),
      confirmedBy: "patient",
    },
    // Week of Mon 2 Nov (PST): Monday 00:00 PST.
    V5: { start: "2026-11-02T08:00:00Z", status: "no_show" },
    V6: { start: "2026-11-03T17:00:00Z", status: "cancelled", cancelledAt: new Date("2026-11-03T05:00:00Z"), cancelledBy: "patient" },
    V7: { start: "2026-11-04T17:00:00Z", status: "cancelled", cancelledAt: new Date("2026-11-01T17:00:00Z"), cancelledBy: "staff" },
    V8: { start: "2026-11-05T17:00:00Z", status: "confirmed", confirmedAt: new Date("2026-11-04T17:30:00Z"), confirmedBy: "patient" },
    V9: { start: "2026-11-06T17:00:00Z", status: "scheduled" },
    // Rescheduled (version 2) after its reminder for version 1 went out.
    V10: {
      start: "2026-11-07T17:00:00Z",
      version: 2,
      status: "completed",
      confirmedAt: new Date("2026-11-06T16:00:00Z"),
      confirmedBy: "patient",
    },
    // Sunday 25 Oct 23:30 PDT (26 Oct 06:30Z): the previous period.
    V11: { start: "2026-10-26T06:30:00Z", status: "no_show" },
    // Today: one that ended before NOW (to close), one still going on.
    V14: { start: "2026-12-03T19:00:00Z", status: "scheduled" },
    V13: { start: "2026-12-03T19:45:00Z", status: "scheduled" },
  };
  const messages: Record<string, MessageSpec> = {
    D1: { visit: "V1", status: "delivered", sendAt: "2026-10-26T16:59:00Z", delivered: "2026-10-26T17:00:00Z" },
    D2: { visit: "V2", channel: "sms", status: "delivered", sendAt: "2026-10-27T16:59:00Z", delivered: "2026-10-27T17:00:00Z" },
    DX4: { visit: "V2", type: "reminder_1h", channel: "sms", status: "undelivered", sendAt: "2026-10-28T16:00:00Z" },
    // Before the period: counts for V3's time to confirm (its first delivered request), not in the channel figures.
    D3a: {
      visit: "V3",
      type: "booking_confirmation",
      channel: "email",
      status: "delivered",
      sendAt: "2026-10-20T16:59:00Z",
      delivered: "2026-10-20T17:00:00Z",
    },
    D3b: { visit: "V3", status: "delivered", sendAt: "2026-10-28T16:59:00Z", delivered: "2026-10-28T17:00:00Z" },
    D4: { visit: "V4", status: "read", sendAt: "2026-11-01T06:59:00Z", delivered: "2026-11-01T07:00:00Z", read: "2026-11-01T07:10:00Z" },
    DX2: { visit: "V5", status: "skipped", sendAt: "2026-11-01T08:00:00Z" },
    DX3: { visit: "V6", status: "cancelled", sendAt: "2026-11-02T17:00:00Z" },
    DX1: { visit: "V7", type: "cancellation", channel: "email", status: "sent", sendAt: "2026-11-01T17:00:30Z" },
    D8: { visit: "V8", status: "delivered", sendAt: "2026-11-04T16:59:00Z", delivered: "2026-11-04T17:00:00Z" },
    D9a: { visit: "V9", status: "failed", sendAt: "2026-11-05T17:00:00Z" },
    D9b: {
      visit: "V9",
      channel: "sms",
      status: "delivered",
      sendAt: "2026-11-05T17:04:00Z",
      delivered: "2026-11-05T17:05:00Z",
      fallbackOf: "D9a",
    },
    D10: { visit: "V10", version: 1, status: "delivered", sendAt: "2026-11-06T14:59:00Z", delivered: "2026-11-06T15:00:00Z" },
  };
  for (const [name, spec] of Object.entries(visits)) {
    const a = await visit(clinicA, name, spec);
    // Clinic B: the same time as a no-show with a delivered reminder, and one past visit left open.
    const b = await visit(clinicB, name, { start: spec.start, status: name === "V9" ? "scheduled" : "no_show" });
    await message(clinicB, name, { visit: name, status: "delivered", sendAt: spec.start, delivered: spec.start }, b.id, 1);
    for (const [mName, m] of Object.entries(messages).filter(([, m]) => m.visit === name)) {
      await message(clinicA, mName, m, a.id, m.version ?? a.version);
    }
  }
  return { clinicA, clinicB, doctorA, ids, ctxA: staffContext(doctorA, { ...clinicA, timezone: TZ }) };
}

describe("results KPIs", () => {
  it("computes each visit figure of the period to the exact value, clinic A's record only", async () => {
    const s = await scenario();
    const rules = (await getResultsRules(database.db, { clinicId: s.clinicA.id }))!;
    expect(rules).toMatchObject({ timeZone: TZ, lateCancelHours: 24, autoAttendAfterHours: null });
    const k = await getVisitKpis(database.db, { clinicId: s.clinicA.id, range: PERIOD, now: NOW, rules });
    expect(k).toMatchObject({
      attended: 4, // V1 V3 V4 V10
      noShows: 2, // V2 V5
      lateCancelled: 1, // V6: 12 h before
      cancelled: 1, // V7: 3 days before
      unmarked: 2, // V8 V9
      requested: 7, // V1 V2 V3 V4 V8 V9 (its fallback) V10
      confirmed: 5, // V1 V3 V4 V8 V10
      coverageVisits: 8, // not cancelled: V1 V2 V3 V4 V5 V8 V9 V10
      coverageDelivered: 6, // not V5 (skipped), not V10 (its reminder was for the old time)
      recoveredVisits: 3, // V1 (60 min) V4 (45) V10 (30), confirmed by reply; V3 was confirmed by staff
    });
    expect(k.noShowRate).toBeCloseTo(2 / 6, 10);
    expect(k.confirmationRate).toBeCloseTo(5 / 7, 10);
    expect(k.reminderCoverage).toBe(0.75);
    expect(k.hoursRecovered).toBe(2.25);
    // Seconds: V8 1800, V4 3600 (from delivered, not read), V10 3600, V1 5400, V3 752 400 (from the booking
    // confirmation of 20 Oct). Median 3600; p90 = 5400 + 0.6 × (752 400 − 5400).
    // Histogram: V8 in 15–60 min; V4 and V10 (exactly 1 h, the lower end is in) and V1 in 1–4 h; V3 over 24 h.
    expect(k.timeToConfirm).toEqual({
      count: 5,
      medianSeconds: 3600,
      p90Seconds: 453_600,
      buckets: [
        { key: "under15m", count: 0 },
        { key: "15to60m", count: 1 },
        { key: "1to4h", count: 3 },
        { key: "4to24h", count: 0 },
        { key: "over24h", count: 1 },
      ],
    });

    // The previous period (12–25 Oct) holds only V11, Sunday 25 Oct 23:30 in Tijuana.
    const prev = await getVisitKpis(database.db, { clinicId: s.clinicA.id, range: PERIOD.previous, now: NOW, rules });
    expect(prev).toMatchObject({ attended: 0, noShows: 1, noShowRate: 1, requested: 0, confirmationRate: null, reminderCoverage: 0 });
    expect(prev.timeToConfirm).toMatchObject({ count: 0, medianSeconds: null, p90Seconds: null });
    expect(prev.timeToConfirm.buckets.map((b) => b.count)).toEqual([0, 0, 0, 0, 0]);
  });

  it("applies the clinic's rules: auto-attend after N hours for confirmed visits, late cancel window (0 = none)", async () => {
    const s = await scenario();
    const base = (await getResultsRules(database.db, { clinicId: s.clinicA.id }))!;
    const auto = await getVisitKpis(database.db, {
      clinicId: s.clinicA.id,
      range: PERIOD,
      now: NOW,
      rules: { ...base, autoAttendAfterHours: 2 },
    });
    // V8 (confirmed, ended 5 Nov) now counts as attended; V9 (never confirmed) stays open.
    expect(auto).toMatchObject({ attended: 5, unmarked: 1, recoveredVisits: 4, hoursRecovered: 2.75 });
    expect(auto.noShowRate).toBeCloseTo(2 / 7, 10);
    const noLate = await getVisitKpis(database.db, {
      clinicId: s.clinicA.id,
      range: PERIOD,
      now: NOW,
      rules: { ...base, lateCancelHours: 0 },
    });
    expect(noLate).toMatchObject({ lateCancelled: 0, cancelled: 2 });
    const wide = await getVisitKpis(database.db, {
      clinicId: s.clinicA.id,
      range: PERIOD,
      now: NOW,
      rules: { ...base, lateCancelHours: 96 },
    });
    expect(wide).toMatchObject({ lateCancelled: 2, cancelled: 0 });
  });

  it("buckets weeks on the clinic's clock: Sunday 23:30 in Tijuana after the DST change stays in its week", async () => {
    const s = await scenario();
    const rules = (await getResultsRules(database.db, { clinicId: s.clinicA.id }))!;
    const weeks = await getWeeklyRates(database.db, { clinicId: s.clinicA.id, range: PERIOD, now: NOW, rules });
    expect(weeks).toEqual([
      { week: "2026-10-26", attended: 3, noShows: 1, noShowRate: 0.25, requested: 4, confirmed: 3, confirmationRate: 0.75 },
      { week: "2026-11-02", attended: 1, noShows: 1, noShowRate: 0.5, requested: 3, confirmed: 2, confirmationRate: 2 / 3 },
    ]);
  });

  it("rates per doctor: the tiles' figures split by doctor, each clinic's doctors only", async () => {
    const s = await scenario();
    const rules = (await getResultsRules(database.db, { clinicId: s.clinicA.id }))!;
    // A second doctor of clinic A: one attended visit (confirmed by reply 10 min after its request) and one no-show.
    const second = await createStaff(database.db, { clinicId: s.clinicA.id, role: "doctor", name: "Dra. Zamora" });
    const patient = await createPatient(database.db, { clinicId: s.clinicA.id });
    const rows = await database.db
      .insert(appointments)
      .values(
        ["2026-10-30T17:00:00Z", "2026-11-03T18:00:00Z"].map((start, i) => ({
          clinicId: s.clinicA.id,
          patientId: patient.id,
          doctorId: second.id,
          startsAt: new Date(start),
          endsAt: new Date(new Date(start).getTime() + 30 * 60_000),
          status: i === 0 ? ("completed" as const) : ("no_show" as const),
          confirmedAt: i === 0 ? new Date("2026-10-30T15:10:00Z") : null,
          confirmedBy: i === 0 ? ("patient" as const) : null,
        })),
      )
      .returning();
    const [d] = await database.db
      .insert(deliveries)
      .values({
        clinicId: s.clinicA.id,
        patientId: patient.id,
        ...subjectOf({ patientId: patient.id, appointmentId: rows[0].id, appointmentVersion: 1 }),
        appointmentId: rows[0].id,
        appointmentVersion: 1,
        notificationType: "reminder",
        channel: "whatsapp",
        locale: "es",
        templateKey: "reminder.es",
        sendAt: new Date("2026-10-30T14:59:00Z"),
        nextAttemptAt: new Date("2026-10-30T14:59:00Z"),
        status: "delivered",
        idempotencyKey: randomUUID(),
      })
      .returning();
    await database.db.insert(deliveryEvents).values({
      deliveryId: d.id,
      clinicId: s.clinicA.id,
      status: "delivered",
      source: "twilio",
      occurredAt: new Date("2026-10-30T15:00:00Z"),
    });

    const doctors = await getDoctorRates(database.db, { clinicId: s.clinicA.id, range: PERIOD, now: NOW, rules });
    // By name.
    expect(doctors).toEqual([
      {
        doctorId: s.doctorA.id,
        doctorName: "Dra. López",
        attended: 4,
        noShows: 2,
        noShowRate: 2 / 6,
        requested: 7,
        confirmed: 5,
        confirmationRate: 5 / 7,
      },
      {
        doctorId: second.id,
        doctorName: "Dra. Zamora",
        attended: 1,
        noShows: 1,
        noShowRate: 0.5,
        requested: 1,
        confirmed: 1,
        confirmationRate: 1,
      },
    ]);
    // The tiles add up to the same: 5 attended, 3 no-shows, 8 requested, 6 confirmed; the new confirmation took 10 min.
    const k = await getVisitKpis(database.db, { clinicId: s.clinicA.id, range: PERIOD, now: NOW, rules });
    expect(k).toMatchObject({ attended: 5, noShows: 3, requested: 8, confirmed: 6 });
    expect(k.timeToConfirm.buckets.map((b) => b.count)).toEqual([1, 1, 3, 0, 1]);
    // The doctor filter leaves one row.
    expect(
      await getDoctorRates(database.db, { clinicId: s.clinicA.id, range: PERIOD, now: NOW, rules, filters: { doctorId: second.id } }),
    ).toHaveLength(1);
    // Clinic B sees its own doctor only: every visit of the period a no-show.
    const b = await getDoctorRates(database.db, { clinicId: s.clinicB.id, range: PERIOD, now: NOW, rules });
    expect(b.map((r) => r.doctorId)).not.toContain(s.doctorA.id);
    expect(b.map((r) => r.doctorId)).not.toContain(second.id);
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ attended: 0, noShows: 9, noShowRate: 1 });
  });

  it("counts messages by channel: delivered, read, pending, failed and fallbacks, planned, skipped and cancelled ones left out", async () => {
    const s = await scenario();
    const channels = await getChannelKpis(database.db, { clinicId: s.clinicA.id, range: PERIOD });
    expect(channels).toEqual([
      {
        channel: "whatsapp",
        attempted: 6,
        delivered: 5,
        read: 1,
        pending: 0,
        failed: 1,
        fallbacks: 0,
        fallbacksDelivered: 0,
        deliveryRate: 5 / 6,
        readRate: 0.2,
      },
      {
        channel: "sms",
        attempted: 3,
        delivered: 2,
        read: 0,
        pending: 0,
        failed: 1,
        fallbacks: 1,
        fallbacksDelivered: 1,
        deliveryRate: 2 / 3,
        readRate: 0,
      },
      {
        channel: "email",
        attempted: 1,
        delivered: 0,
        read: 0,
        pending: 1,
        failed: 0,
        fallbacks: 0,
        fallbacksDelivered: 0,
        deliveryRate: 0,
        readRate: null,
      },
    ]);
  });

  it("lists past visits nobody marked, oldest first, until one click closes them; never another clinic's", async () => {
    const s = await scenario();
    const rules = (await getResultsRules(database.db, { clinicId: s.clinicA.id }))!;
    const open = await listVisitsToClose(database.db, { clinicId: s.clinicA.id, now: NOW, rules });
    expect(open.total).toBe(3);
    expect(open.rows.map((r) => r.id)).toEqual([s.ids.V8, s.ids.V9, s.ids.V14]); // V13 has not ended
    expect(open.rows[0]).toMatchObject({ status: "confirmed", doctorName: "Dra. López", patientFirstName: "María" });
    // With auto-attend (2 h), the confirmed V8 is no longer open; V14 ended 30 min ago and stays.
    const auto = await listVisitsToClose(database.db, { clinicId: s.clinicA.id, now: NOW, rules: { ...rules, autoAttendAfterHours: 2 } });
    expect(auto.rows.map((r) => r.id)).toEqual([s.ids.V9, s.ids.V14]);

    const marked = await markAppointmentOutcome(database.db, s.ctxA, { input: { appointmentId: s.ids.V9, outcome: "no_show" }, now: NOW });
    expect(marked.ok).toBe(true);
    const after = await listVisitsToClose(database.db, { clinicId: s.clinicA.id, now: NOW, rules });
    expect(after.rows.map((r) => r.id)).toEqual([s.ids.V8, s.ids.V14]);
    const k = await getVisitKpis(database.db, { clinicId: s.clinicA.id, range: PERIOD, now: NOW, rules });
    expect(k).toMatchObject({ noShows: 3, unmarked: 1 });
    // Clinic B's own open visit is its own.
    const b = await listVisitsToClose(database.db, { clinicId: s.clinicB.id, now: NOW, rules });
    expect(b.total).toBe(1);
  });

  it("each figure's list has exactly its count, clinic A's records only; the doctor and channel filters narrow both", async () => {
    const s = await scenario();
    const rules = (await getResultsRules(database.db, { clinicId: s.clinicA.id }))!;
    const k = await getVisitKpis(database.db, { clinicId: s.clinicA.id, range: PERIOD, now: NOW, rules });
    const list = (name: Parameters<typeof listResultRecords>[1]["list"], filters = {}) =>
      listResultRecords(database.db, { list: name, clinicId: s.clinicA.id, range: PERIOD, now: NOW, rules, currency: "MXN", filters });
    const counts = {
      noShows: k.noShows,
      marked: k.attended + k.noShows,
      lateCancelled: k.lateCancelled,
      requested: k.requested,
      confirmed: k.confirmed,
      coverage: k.coverageVisits,
      recovered: k.recoveredVisits,
    } as const;
    for (const [name, count] of Object.entries(counts)) {
      const records = await list(name as keyof typeof counts);
      expect({ name, total: records.total, rows: records.rows.length }).toEqual({ name, total: count, rows: count });
    }
    const noShows = await list("noShows");
    expect(noShows.rows.map((r) => r.id)).toEqual([s.ids.V5, s.ids.V2]); // newest first
    expect(noShows.rows[0]).toMatchObject({ patient: "María Hernández", doctor: "Dra. López", values: { outcome: "no_show" } });
    const coverage = await list("coverage");
    expect(coverage.rows.filter((r) => r.values.reminderDelivered).length).toBe(k.coverageDelivered);

    const channels = await getChannelKpis(database.db, { clinicId: s.clinicA.id, range: PERIOD });
    const messages = await list("messages");
    expect(messages.total).toBe(channels.reduce((n, c) => n + c.attempted, 0));
    const sms = await list("messages", { channel: "sms" });
    expect(sms.rows.map((r) => r.values.channel)).toEqual(["sms", "sms", "sms"]);
    expect(await getChannelKpis(database.db, { clinicId: s.clinicA.id, range: PERIOD, filters: { channel: "sms" } })).toHaveLength(1);

    // Another doctor of the clinic has no visits: every list and figure is empty for them.
    const other = await createStaff(database.db, { clinicId: s.clinicA.id, role: "doctor" });
    expect((await list("marked", { doctorId: other.id })).total).toBe(0);
    expect(
      await getVisitKpis(database.db, { clinicId: s.clinicA.id, range: PERIOD, now: NOW, rules, filters: { doctorId: other.id } }),
    ).toMatchObject({
      attended: 0,
      noShowRate: null,
    });
    expect((await list("marked", { doctorId: s.doctorA.id })).total).toBe(k.attended + k.noShows);
    expect((await list("messages", { doctorId: other.id })).total).toBe(0);
  });
});
