import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, charges, payments, secureLinks } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { createSecureLink } from "@/lib/links/secure-links";
import { addCharge } from "./add-charge";
import { getPatientBalance, getVisitBalance, listChargeEvents, listPatientCharges, listPendingCharges, listVisitCharges } from "./balances";
import { recordDeskPayment } from "./record-desk-payment";
import { voidCharge } from "./void-charge";
import { createPaymentLink } from "./payment-link";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");

async function setup() {
  const two = await createTwoClinics(database.db);
  const db = database.db;
  const doctor = await createStaff(db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
  const admin = await createStaff(db, { clinicId: two.clinicA.id, role: "admin" });
  const adminCtx = staffContext(admin, two.clinicA);
  const patient = await createPatient(db, { clinicId: two.clinicA.id });
  const book = async (startsAt: string) => {
    const booked = await bookAppointment(db, two.ctxA, {
      input: { patientId: patient.id, doctorId: doctor.id, startsAt, durationMinutes: 30, kind: "in_person" },
      now: NOW,
    });
    if (!booked.ok) throw new Error("booking failed");
    return booked.appointmentId;
  };
  const visit = await book("2026-11-26T16:00:00Z");
  const doctorB = await createStaff(db, { clinicId: two.clinicB.id, role: "doctor" });
  const patientB = await createPatient(db, { clinicId: two.clinicB.id });
  const bookedB = await bookAppointment(db, two.ctxB, {
    input: { patientId: patientB.id, doctorId: doctorB.id, startsAt: "2026-11-26T18:00:00Z", durationMinutes: 30, kind: "in_person" },
    now: NOW,
  });
  if (!bookedB.ok) throw new Error("booking B failed");
  return { ...two, doctor, admin, adminCtx, patient, visit, book, patientB, visitB: bookedB.appointmentId };
}

const charge = (appointmentId: string, amount: string, currency = "MXN", extra: Record<string, string> = {}) => ({
  input: { appointmentId, concept: "Consulta", amount, currency, ...extra },
  now: NOW,
});

describe("addCharge", () => {
  it("adds a charge in minor units to the clinic's visit, with its history and an audit entry", async () => {
    const { ctxA, visit, patient } = await setup();
    const result = await addCharge(database.db, ctxA, charge(visit, "850", "MXN", { dueDate: "2026-12-01" }));
    if (!result.ok) throw new Error(JSON.stringify(result));
    const [row] = await database.db.select().from(charges).where(eq(charges.id, result.chargeId));
    expect(row).toMatchObject({ amountMinor: 85_000, currency: "MXN", patientId: patient.id, dueDate: "2026-12-01", status: "open" });
    expect(await getVisitBalance(database.db, { clinicId: ctxA.clinicId, appointmentId: visit })).toEqual({ MXN: 85_000 });
    const events = await listChargeEvents(database.db, { clinicId: ctxA.clinicId, chargeIds: [result.chargeId] });
    expect(events.map((e) => e.type)).toEqual(["charge.created"]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, result.chargeId));
    expect(audit.map((a) => a.action)).toEqual(["charge.create"]);
  });

  it("refuses bad amounts, a bad currency, a bad date and another clinic's visit, writing nothing", async () => {
    const { ctxA, visit, visitB } = await setup();
    const cases: [ReturnType<typeof charge>, unknown][] = [
      [charge(visit, "0"), { fieldErrors: { amount: "notPositive" } }],
      [charge(visit, "-10"), { fieldErrors: { amount: "notPositive" } }],
      [charge(visit, "abc"), { fieldErrors: { amount: "invalid" } }],
      [charge(visit, "10.005"), { fieldErrors: { amount: "tooManyDecimals" } }],
      [charge(visit, "100", "EUR"), { fieldErrors: { currency: "invalidCurrency" } }],
      [charge(visit, "100", "MXN", { dueDate: "2026-02-30" }), { fieldErrors: { dueDate: "invalidDate" } }],
      [
        { input: { appointmentId: visit, concept: " ", amount: "100", currency: "MXN" }, now: NOW },
        { fieldErrors: { concept: "required" } },
      ],
      [charge(visitB, "100"), { ok: false, error: "notFound" }],
      [charge("not-a-uuid", "100"), { ok: false, error: "notFound" }],
    ];
    for (const [params, expected] of cases) expect(await addCharge(database.db, ctxA, params)).toMatchObject(expected as object);
    const written = await database.db.select().from(charges).where(eq(charges.clinicId, ctxA.clinicId));
    expect(written).toEqual([]);
  });
});

describe("balances", () => {
  it("sums per visit and per patient by currency, counting only paid money less refunds", async () => {
    const { ctxA, visit, book, patient } = await setup();
    const second = await book("2026-11-27T16:00:00Z");
    const a = await addCharge(database.db, ctxA, charge(visit, "850"));
    const b = await addCharge(database.db, ctxA, charge(second, "300.50"));
    const c = await addCharge(database.db, ctxA, charge(second, "85", "USD"));
    if (!a.ok || !b.ok || !c.ok) throw new Error("charges");
    expect(await getPatientBalance(database.db, { clinicId: ctxA.clinicId, patientId: patient.id })).toEqual({ MXN: 115_050, USD: 8_500 });
    const paid = await recordDeskPayment(database.db, ctxA, { input: { chargeId: a.chargeId, method: "cash", amount: "350" }, now: NOW });
    expect(paid).toMatchObject({ ok: true, balanceMinor: 50_000 });
    // An online payment still pending and a failed one are not money.
    await database.db.insert(payments).values([
      { clinicId: ctxA.clinicId, chargeId: b.chargeId, provider: "stripe", amountMinor: 30_050, currency: "MXN", status: "pending" },
      { clinicId: ctxA.clinicId, chargeId: b.chargeId, provider: "stripe", amountMinor: 30_050, currency: "MXN", status: "failed" },
    ]);
    // A paid-then-partly-refunded USD payment counts what was kept.
    await database.db.insert(payments).values({
      clinicId: ctxA.clinicId,
      chargeId: c.chargeId,
      provider: "stripe",
      amountMinor: 8_500,
      refundedMinor: 2_000,
      currency: "USD",
      status: "paid",
    });
    expect(await getPatientBalance(database.db, { clinicId: ctxA.clinicId, patientId: patient.id })).toEqual({ MXN: 80_050, USD: 2_000 });
    expect(await getVisitBalance(database.db, { clinicId: ctxA.clinicId, appointmentId: second })).toEqual({ MXN: 30_050, USD: 2_000 });
    const listed = await listPatientCharges(database.db, { clinicId: ctxA.clinicId, patientId: patient.id });
    expect(Object.fromEntries(listed.map((r) => [r.id, [r.state, r.balanceMinor, r.pendingMinor]]))).toEqual({
      [a.chargeId]: ["partially_paid", 50_000, 0],
      [b.chargeId]: ["open", 30_050, 30_050],
      [c.chargeId]: ["partially_paid", 2_000, 0],
    });
  });

  it("is never read across clinics", async () => {
    const { ctxA, ctxB, visit, patient } = await setup();
    await addCharge(database.db, ctxA, charge(visit, "850"));
    expect(await getPatientBalance(database.db, { clinicId: ctxB.clinicId, patientId: patient.id })).toEqual({});
    expect(await listPatientCharges(database.db, { clinicId: ctxB.clinicId, patientId: patient.id })).toEqual([]);
    expect(await listPendingCharges(database.db, { clinicId: ctxB.clinicId, filters: {}, today: "2026-11-25" })).toEqual([]);
    expect(await listVisitCharges(database.db, { clinicId: ctxB.clinicId, appointmentId: visit })).toEqual([]);
  });

  it("lists one visit's charges (the calendar's dialog), oldest first, with balances, and no other visit's", async () => {
    const { ctxA, visit, book } = await setup();
    const other = await book("2026-11-27T16:00:00Z");
    const first = await addCharge(database.db, ctxA, charge(visit, "850"));
    const second = await addCharge(database.db, ctxA, { ...charge(visit, "85", "USD"), now: new Date(NOW.getTime() + 1000) });
    await addCharge(database.db, ctxA, charge(other, "100"));
    if (!first.ok || !second.ok) throw new Error("charges");
    await recordDeskPayment(database.db, ctxA, {
      input: { chargeId: first.chargeId, method: "cash", amount: "850", takenById: ctxA.userId },
      now: NOW,
    });
    const rows = await listVisitCharges(database.db, { clinicId: ctxA.clinicId, appointmentId: visit });
    expect(rows.map((r) => [r.id, r.state, r.balanceMinor, r.currency])).toEqual([
      [first.chargeId, "paid", 0, "MXN"],
      [second.chargeId, "open", 8_500, "USD"],
    ]);
  });
});

describe("recordDeskPayment", () => {
  it("records who took it, defaults to the balance, and refuses more than owed, a paid or void charge, another clinic's charge", async () => {
    const { ctxA, ctxB, adminCtx, visit, doctor } = await setup();
    const a = await addCharge(database.db, ctxA, charge(visit, "850"));
    if (!a.ok) throw new Error("charge");
    expect(
      await recordDeskPayment(database.db, ctxA, { input: { chargeId: a.chargeId, method: "cash", amount: "900" }, now: NOW }),
    ).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { amount: "exceedsBalance" },
    });
    expect(await recordDeskPayment(database.db, ctxA, { input: { chargeId: a.chargeId, method: "oxxo" }, now: NOW })).toMatchObject({
      fieldErrors: { method: "invalidMethod" },
    });
    expect(await recordDeskPayment(database.db, ctxB, { input: { chargeId: a.chargeId, method: "cash" }, now: NOW })).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(
      await recordDeskPayment(database.db, ctxA, { input: { chargeId: a.chargeId, method: "cash", takenById: ctxB.userId }, now: NOW }),
    ).toMatchObject({ fieldErrors: { takenById: "notFound" } });
    const paid = await recordDeskPayment(database.db, ctxA, {
      input: { chargeId: a.chargeId, method: "terminal", takenById: doctor.id },
      now: NOW,
    });
    expect(paid).toMatchObject({ ok: true, balanceMinor: 0 });
    if (!paid.ok) return;
    const [row] = await database.db.select().from(payments).where(eq(payments.id, paid.paymentId));
    expect(row).toMatchObject({
      provider: "desk",
      method: "terminal",
      amountMinor: 85_000,
      status: "paid",
      takenById: doctor.id,
      createdById: ctxA.userId,
    });
    expect(await recordDeskPayment(database.db, ctxA, { input: { chargeId: a.chargeId, method: "cash" }, now: NOW })).toEqual({
      ok: false,
      error: "alreadyPaid",
    });
    // A paid charge cannot be voided.
    expect(await voidCharge(database.db, adminCtx, { input: { chargeId: a.chargeId, reason: "Error de captura" }, now: NOW })).toEqual({
      ok: false,
      error: "hasPayments",
    });
    const events = await listChargeEvents(database.db, { clinicId: ctxA.clinicId, chargeIds: [a.chargeId] });
    expect(events.map((e) => [e.type, e.actorName])).toEqual([
      ["charge.created", expect.any(String)],
      ["payment.paid", "Dr. García"],
    ]);
  });
});

describe("voidCharge", () => {
  it("is the admin's, needs a reason, revokes the charge's payment links and zeroes the balance", async () => {
    const { ctxA, ctxB, adminCtx, visit, patient } = await setup();
    const a = await addCharge(database.db, ctxA, charge(visit, "850"));
    if (!a.ok) throw new Error("charge");
    const link = await createSecureLink(database.db, {
      clinicId: ctxA.clinicId,
      patientId: patient.id,
      purpose: "payment",
      targetId: a.chargeId,
      createdById: ctxA.userId,
      now: NOW,
    });
    expect(await voidCharge(database.db, ctxA, { input: { chargeId: a.chargeId, reason: "Error" }, now: NOW })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await voidCharge(database.db, adminCtx, { input: { chargeId: a.chargeId, reason: "" }, now: NOW })).toMatchObject({
      fieldErrors: { reason: "required" },
    });
    const adminB = staffContext(await createStaff(database.db, { clinicId: ctxB.clinicId, role: "admin" }), {
      ...(await database.db.query.clinics.findFirst({ where: (c, { eq: e }) => e(c.id, ctxB.clinicId) }))!,
    });
    expect(await voidCharge(database.db, adminB, { input: { chargeId: a.chargeId, reason: "Error de captura" }, now: NOW })).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(await voidCharge(database.db, adminCtx, { input: { chargeId: a.chargeId, reason: "Error de captura" }, now: NOW })).toEqual({
      ok: true,
    });
    expect(await voidCharge(database.db, adminCtx, { input: { chargeId: a.chargeId, reason: "Otra vez" }, now: NOW })).toEqual({
      ok: false,
      error: "alreadyVoid",
    });
    const [row] = await database.db.select().from(charges).where(eq(charges.id, a.chargeId));
    expect(row).toMatchObject({ status: "void", voidReason: "Error de captura", voidedById: adminCtx.userId });
    const [revoked] = await database.db
      .select()
      .from(secureLinks)
      .where(and(eq(secureLinks.id, link.id)));
    expect(revoked.revokedAt).toEqual(NOW);
    expect(await getPatientBalance(database.db, { clinicId: ctxA.clinicId, patientId: patient.id })).toEqual({});
    expect(await recordDeskPayment(database.db, ctxA, { input: { chargeId: a.chargeId, method: "cash" }, now: NOW })).toEqual({
      ok: false,
      error: "void",
    });
  });
});

describe("listPendingCharges", () => {
  it("lists what is still owed, oldest due first, filtered by currency, state and due dates", async () => {
    const { ctxA, visit, book } = await setup();
    const second = await book("2026-11-27T16:00:00Z");
    const overdue = await addCharge(database.db, ctxA, charge(visit, "100", "MXN", { dueDate: "2026-11-20" }));
    const later = await addCharge(database.db, ctxA, charge(second, "50", "USD", { dueDate: "2026-12-10" }));
    const noDue = await addCharge(database.db, ctxA, charge(second, "70"));
    const paid = await addCharge(database.db, ctxA, charge(second, "10"));
    if (!overdue.ok || !later.ok || !noDue.ok || !paid.ok) throw new Error("charges");
    await recordDeskPayment(database.db, ctxA, { input: { chargeId: paid.chargeId, method: "cash" }, now: NOW });
    const ids = async (filters: Parameters<typeof listPendingCharges>[1]["filters"]) =>
      (await listPendingCharges(database.db, { clinicId: ctxA.clinicId, filters, today: "2026-11-25" })).map((r) => r.id);
    expect(await ids({})).toEqual([overdue.chargeId, later.chargeId, noDue.chargeId]);
    expect(await ids({ state: "overdue" })).toEqual([overdue.chargeId]);
    expect(await ids({ currency: "USD" })).toEqual([later.chargeId]);
    expect(await ids({ dueFrom: "2026-11-21", dueTo: "2026-12-31" })).toEqual([later.chargeId]);
    // Awaiting OXXO/SPEI: only charges with a pending online payment of this clinic.
    expect(await ids({ state: "pending" })).toEqual([]);
    await database.db.insert(payments).values({
      clinicId: ctxA.clinicId,
      chargeId: noDue.chargeId,
      provider: "simulated",
      method: "oxxo",
      amountMinor: 7_000,
      currency: "MXN",
      status: "pending",
    });
    expect(await ids({ state: "pending" })).toEqual([noDue.chargeId]);
    const [first] = await listPendingCharges(database.db, { clinicId: ctxA.clinicId, filters: {}, today: "2026-11-25" });
    expect(first).toMatchObject({ patientFirstName: "María", doctorName: "Dr. García", balanceMinor: 10_000 });
  });
});

describe("createPaymentLink", () => {
  it("shares a payment link that outlasts the reminder schedule (+3, +7 days: 8 days) for a charge that owes, not for a paid, void or other clinic's one", async () => {
    const { ctxA, ctxB, visit } = await setup();
    const a = await addCharge(database.db, ctxA, charge(visit, "850"));
    if (!a.ok) throw new Error("charge");
    expect(await createPaymentLink(database.db, ctxB, { chargeId: a.chargeId, now: NOW })).toEqual({ ok: false, error: "notFound" });
    const link = await createPaymentLink(database.db, ctxA, { chargeId: a.chargeId, now: NOW });
    if (!link.ok) throw new Error(JSON.stringify(link));
    expect(link.url).toMatch(/\/l\/[A-Za-z0-9_-]{22}$/);
    expect(link.expiresAt).toEqual(new Date(NOW.getTime() + 8 * 24 * 3600_000));
    const [row] = await database.db.select().from(secureLinks).where(eq(secureLinks.id, link.linkId));
    expect(row).toMatchObject({ purpose: "payment", targetId: a.chargeId, clinicId: ctxA.clinicId });
    await recordDeskPayment(database.db, ctxA, { input: { chargeId: a.chargeId, method: "cash" }, now: NOW });
    expect(await createPaymentLink(database.db, ctxA, { chargeId: a.chargeId, now: NOW })).toEqual({ ok: false, error: "alreadyPaid" });
    const events = await listChargeEvents(database.db, { clinicId: ctxA.clinicId, chargeIds: [a.chargeId] });
    expect(events.map((e) => e.type)).toEqual(["charge.created", "link.shared", "payment.requested", "payment.paid"]);
  });
});
