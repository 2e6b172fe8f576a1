import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { appointments, charges, paymentEvents, payments, slotOffers, type Clinic } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, insertTestDelivery } from "@/db/testing/factories";
import { getCampaignConversion, getCollectionKpis, getWaitlistFill } from "./business-kpis";
import { listResultRecords, type RecordList } from "./records";

const RULES = {
  timeZone: "America/Mexico_City",
  lateCancelHours: 24,
  autoAttendAfterHours: null,
  baseline: { noShowRate: null, confirmationRate: null, timeToConfirmMinutes: null },
};
const records = (clinicId: string, list: RecordList, filters = {}) =>
  listResultRecords(database.db, {
    list,
    clinicId,
    range: RANGE,
    now: new Date("2026-12-20T00:00:00Z"),
    rules: RULES,
    currency: "MXN",
    filters,
  });

/**
 * Collection, freed-slot fill and campaign conversion, hand-computed, in two clinics: clinic B holds the same
 * records and must never show up in clinic A's figures (and the other way round).
 */
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const TZ = "America/Mexico_City";
// 1 Oct – 1 Dec 2026 on Mexico City's clock (UTC-6 all year).
const RANGE = { from: new Date("2026-10-01T06:00:00Z"), to: new Date("2026-12-01T06:00:00Z") };

async function clinicWithPeople(clinic: Clinic) {
  const doctor = await createStaff(database.db, { clinicId: clinic.id, role: "doctor" });
  const patient = await createPatient(database.db, { clinicId: clinic.id });
  const [visit] = await database.db
    .insert(appointments)
    .values({
      clinicId: clinic.id,
      patientId: patient.id,
      doctorId: doctor.id,
      startsAt: new Date("2026-09-01T16:00:00Z"),
      endsAt: new Date("2026-09-01T16:30:00Z"),
      createdAt: new Date("2026-08-01T16:00:00Z"),
    })
    .returning();
  return { doctor, patient, visit };
}

type ChargeSpec = {
  amount: number;
  shared?: string;
  opened?: boolean;
  void?: boolean;
  currency?: "MXN" | "USD";
  paid?: { amount: number; at: string; method: "card" | "oxxo" | "spei" | "cash"; refunded?: number }[];
};

async function charge(clinic: Clinic, people: Awaited<ReturnType<typeof clinicWithPeople>>, spec: ChargeSpec) {
  const [row] = await database.db
    .insert(charges)
    .values({
      clinicId: clinic.id,
      patientId: people.patient.id,
      appointmentId: people.visit.id,
      concept: "Consulta",
      amountMinor: spec.amount,
      currency: spec.currency ?? "MXN",
      ...(spec.void ? { status: "void" as const, voidedAt: new Date("2026-11-20T00:00:00Z") } : {}),
    })
    .returning();
  if (spec.shared) {
    // Shared twice: the first time is the issue date.
    for (const at of [spec.shared, "2026-12-15T00:00:00Z"]) {
      await database.db
        .insert(paymentEvents)
        .values({ clinicId: clinic.id, chargeId: row.id, type: "link.shared", source: "staff", createdAt: new Date(at) });
    }
  }
  if (spec.opened) {
    await database.db.insert(paymentEvents).values({
      clinicId: clinic.id,
      chargeId: row.id,
      type: "link.opened",
      source: "patient",
      createdAt: new Date("2026-11-25T00:00:00Z"),
    });
  }
  for (const p of spec.paid ?? []) {
    await database.db.insert(payments).values({
      clinicId: clinic.id,
      chargeId: row.id,
      provider: p.method === "cash" ? "desk" : "simulated",
      method: p.method,
      amountMinor: p.amount,
      refundedMinor: p.refunded ?? 0,
      currency: spec.currency ?? "MXN",
      status: p.refunded ? "refunded" : "paid",
      paidAt: new Date(p.at),
      takenById: p.method === "cash" ? people.doctor.id : null,
    });
  }
  return row;
}

describe("getCollectionKpis", () => {
  it("paid ÷ requested over the charges requested in the period, by method and by issue month; other clinics apart", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const a = await clinicWithPeople(clinicA);
    const b = await clinicWithPeople(clinicB);
    const specs: ChargeSpec[] = [
      // October: 1,000 paid by card in 2 days (quick), 500 unpaid but opened.
      {
        amount: 100_000,
        shared: "2026-10-05T18:00:00Z",
        opened: true,
        paid: [{ amount: 100_000, at: "2026-10-07T18:00:00Z", method: "card" }],
      },
      { amount: 50_000, shared: "2026-10-31T23:00:00Z", opened: true },
      // 30 Nov 23:30 local is 1 Dec 05:30Z: still November, still in the period. Paid in OXXO after 10 days (not quick), overpaid capped.
      { amount: 20_000, shared: "2026-12-01T05:30:00Z", paid: [{ amount: 25_000, at: "2026-12-11T05:30:00Z", method: "oxxo" }] },
      // November: 800 paid 300 in cash and 500 by SPEI (refunded 100): 700 net.
      {
        amount: 80_000,
        shared: "2026-11-10T18:00:00Z",
        paid: [
          { amount: 30_000, at: "2026-11-10T19:00:00Z", method: "cash" },
          { amount: 50_000, at: "2026-11-11T19:00:00Z", method: "spei", refunded: 10_000 },
        ],
      },
      // Out of the cohort: voided, never shared, shared before the period, another currency.
      { amount: 70_000, shared: "2026-11-02T18:00:00Z", void: true },
      { amount: 90_000 },
      { amount: 40_000, shared: "2026-09-30T18:00:00Z", paid: [{ amount: 40_000, at: "2026-10-02T18:00:00Z", method: "card" }] },
      {
        amount: 10_000,
        shared: "2026-11-02T18:00:00Z",
        currency: "USD",
        paid: [{ amount: 10_000, at: "2026-11-02T19:00:00Z", method: "card" }],
      },
    ];
    for (const spec of specs) await charge(clinicA, a, spec);
    // Clinic B: one unpaid request in the period.
    await charge(clinicB, b, { amount: 12_300, shared: "2026-10-10T18:00:00Z" });

    const k = await getCollectionKpis(database.db, { clinicId: clinicA.id, currency: "MXN", timeZone: TZ, range: RANGE });
    expect(k).toEqual({
      currency: "MXN",
      requestedCharges: 4,
      requestedMinor: 250_000,
      openedCharges: 2,
      paidCharges: 3,
      paidMinor: 100_000 + 20_000 + 70_000,
      collectionRate: 190_000 / 250_000,
      paidQuicklyCharges: 1,
      paidQuicklyRate: 1 / 4,
      byMethod: [
        { method: "card", paidMinor: 100_000, charges: 1 },
        { method: "spei", paidMinor: 40_000, charges: 1 },
        { method: "cash", paidMinor: 30_000, charges: 1 },
        { method: "oxxo", paidMinor: 25_000, charges: 1 },
      ],
      // Each charge once, under the method of its largest paid payment (the split one under SPEI); the opened, unpaid one has none.
      funnel: [
        { method: "card", requested: 1, opened: 1, paid: 1 },
        { method: "oxxo", requested: 1, opened: 0, paid: 1 },
        { method: "spei", requested: 1, opened: 0, paid: 1 },
        { method: null, requested: 1, opened: 1, paid: 0 },
      ],
      byMonth: [
        { month: "2026-10", requestedMinor: 150_000, paidMinor: 100_000, rate: 100_000 / 150_000 },
        { month: "2026-11", requestedMinor: 100_000, paidMinor: 90_000, rate: 0.9 },
      ],
    });

    const list = await records(clinicA.id, "charges");
    expect(list.total).toBe(k.requestedCharges);
    expect(list.rows.reduce((n, r) => n + Number(r.values.amount), 0)).toBe(k.requestedMinor);
    expect(list.rows.reduce((n, r) => n + Number(r.values.paid), 0)).toBe(k.paidMinor);
    expect((await records(clinicB.id, "charges")).total).toBe(1);
    // The doctor filter: clinic A's doctor has them all; another doctor none.
    expect((await records(clinicA.id, "charges", { doctorId: a.doctor.id })).total).toBe(4);
    const otherDoctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    expect(
      await getCollectionKpis(database.db, {
        clinicId: clinicA.id,
        currency: "MXN",
        timeZone: TZ,
        range: RANGE,
        filters: { doctorId: otherDoctor.id },
      }),
    ).toMatchObject({ requestedCharges: 0, collectionRate: null });

    const kb = await getCollectionKpis(database.db, { clinicId: clinicB.id, currency: "MXN", timeZone: TZ, range: RANGE });
    expect(kb).toMatchObject({
      requestedCharges: 1,
      requestedMinor: 12_300,
      paidMinor: 0,
      collectionRate: 0,
      byMethod: [],
      funnel: [{ method: null, requested: 1, opened: 0, paid: 0 }],
    });
  });

  it("nothing requested: no rate (not 0 %)", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const k = await getCollectionKpis(database.db, { clinicId: clinicA.id, currency: "MXN", timeZone: TZ, range: RANGE });
    expect(k).toMatchObject({
      requestedCharges: 0,
      requestedMinor: 0,
      collectionRate: null,
      paidQuicklyRate: null,
      byMonth: [],
      funnel: [],
    });
  });
});

describe("getCampaignConversion", () => {
  it("delivered campaign messages whose patient booked within 14 days; other clinics apart", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const a = await clinicWithPeople(clinicA);
    const b = await clinicWithPeople(clinicB);
    const other = await createPatient(database.db, { clinicId: clinicA.id });
    const campaignMessage = (clinicId: string, patientId: string, sendAt: string, status: "delivered" | "read" | "failed") =>
      insertTestDelivery(database.db, {
        clinicId,
        patientId,
        notificationType: "campaign_flu_vaccination",
        subjectType: "campaign_recipient",
        subjectId: randomUUID(),
        sendAt: new Date(sendAt),
        status,
      });
    const book = (clinicId: string, patientId: string, doctorId: string, createdAt: string) =>
      database.db.insert(appointments).values({
        clinicId,
        patientId,
        doctorId,
        startsAt: new Date("2027-01-10T16:00:00Z"),
        endsAt: new Date("2027-01-10T16:30:00Z"),
        createdAt: new Date(createdAt),
      });
    await campaignMessage(clinicA.id, a.patient.id, "2026-10-10T16:00:00Z", "delivered");
    await book(clinicA.id, a.patient.id, a.doctor.id, "2026-10-23T16:00:00Z"); // 13 days later: converted
    await campaignMessage(clinicA.id, other.id, "2026-11-01T16:00:00Z", "read");
    await book(clinicA.id, other.id, a.doctor.id, "2026-11-15T16:00:00Z"); // exactly 14 days: too late
    await campaignMessage(clinicA.id, other.id, "2026-11-20T16:00:00Z", "failed"); // not delivered: not counted
    await campaignMessage(clinicA.id, a.patient.id, "2026-09-20T16:00:00Z", "delivered"); // before the period
    // Clinic B: its patient booked after its message: converted there, never here.
    await campaignMessage(clinicB.id, b.patient.id, "2026-10-10T16:00:00Z", "delivered");
    await book(clinicB.id, b.patient.id, b.doctor.id, "2026-10-11T16:00:00Z");

    expect(await getCampaignConversion(database.db, { clinicId: clinicA.id, range: RANGE })).toEqual({
      delivered: 2,
      converted: 1,
      rate: 0.5,
    });
    const campaignList = await records(clinicA.id, "campaign");
    expect(campaignList.total).toBe(2);
    expect(campaignList.rows.filter((r) => r.values.converted).length).toBe(1);
    expect((await records(clinicA.id, "campaign", { channel: "sms" })).total).toBe(0);
    expect(await getCampaignConversion(database.db, { clinicId: clinicB.id, range: RANGE })).toEqual({
      delivered: 1,
      converted: 1,
      rate: 1,
    });
  });

  it("no campaign message: no rate", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    expect(await getCampaignConversion(database.db, { clinicId: clinicA.id, range: RANGE })).toEqual({
      delivered: 0,
      converted: 0,
      rate: null,
    });
  });
});

describe("getWaitlistFill", () => {
  it("refilled ÷ freed in the period and the minutes to refill, per clinic", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const a = await clinicWithPeople(clinicA);
    const b = await clinicWithPeople(clinicB);
    const offer = (clinicId: string, doctorId: string, freedAt: string, filledAfterMinutes: number | null) =>
      database.db.insert(slotOffers).values({
        clinicId,
        doctorId,
        startsAt: new Date("2026-12-20T16:00:00Z"),
        endsAt: new Date("2026-12-20T16:30:00Z"),
        kind: "in_person",
        freedAt: new Date(freedAt),
        status: filledAfterMinutes === null ? "closed" : "filled",
        filledAt: filledAfterMinutes === null ? null : new Date(new Date(freedAt).getTime() + filledAfterMinutes * 60_000),
      });
    await offer(clinicA.id, a.doctor.id, "2026-10-05T16:00:00Z", 12);
    await offer(clinicA.id, a.doctor.id, "2026-10-06T16:00:00Z", 30);
    await offer(clinicA.id, a.doctor.id, "2026-10-07T16:00:00Z", null);
    await offer(clinicB.id, b.doctor.id, "2026-10-05T16:00:00Z", null);
    expect(await getWaitlistFill(database.db, { clinicId: clinicA.id, range: RANGE })).toEqual({
      freed: 3,
      refilled: 2,
      rate: 2 / 3,
      medianMinutesToRefill: 21,
      maxMinutesToRefill: 30,
    });
    expect(await getWaitlistFill(database.db, { clinicId: clinicB.id, range: RANGE })).toMatchObject({ freed: 1, refilled: 0, rate: 0 });
    const freed = await records(clinicA.id, "freedSlots");
    expect(freed.total).toBe(3);
    expect(freed.rows.map((r) => r.values.minutes)).toEqual([null, 30, 12]);
    expect(freed.rows[0].doctor).toBe(a.doctor.name);
    const otherDoctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    expect(await getWaitlistFill(database.db, { clinicId: clinicA.id, range: RANGE, filters: { doctorId: otherDoctor.id } })).toMatchObject(
      {
        freed: 0,
        rate: null,
        medianMinutesToRefill: null,
      },
    );
  });
});
