import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { paymentAccounts, payments } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { resetEnvCache } from "@/lib/env";
import { addCharge } from "./add-charge";
import { getChargeWithBalance, listChargeEvents } from "./balances";
import { simulatedGateway, stripeGateway } from "./gateway";
import { createPaymentLink } from "./payment-link";
import { outcomeOf, reconcileStalePayments } from "./reconcile-payments";
import { startCheckout } from "./start-checkout";

/** A loopback stand-in for api.stripe.com: creates sessions, and answers a session lookup as each test sets it. */
interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}
let server: Server;
let port: number;
let seen: Seen[] = [];
let counter = 0;
/** Session id → what Stripe says about it now (a 404 when missing). */
const sessions = new Map<string, Record<string, unknown>>();
let database: Database;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://luna.example.mx";
  resetEnvCache();
  database = await openTestDatabase();
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({ method: req.method!, path: req.url!, headers: req.headers });
      res.setHeader("content-type", "application/json");
      if (req.method === "POST" && req.url === "/v1/customers") {
        res.end(JSON.stringify({ id: `cus_${++counter}`, object: "customer" }));
        return;
      }
      if (req.method === "POST" && req.url === "/v1/checkout/sessions") {
        const id = `cs_test_r${++counter}`;
        res.end(
          JSON.stringify({
            id,
            object: "checkout.session",
            url: `https://checkout.stripe.com/c/pay/${id}`,
            expires_at: Math.floor(Date.now() / 1000) + 3600,
          }),
        );
        return;
      }
      const match = /^\/v1\/checkout\/sessions\/([^/?]+)/.exec(req.url ?? "");
      const answer = match ? sessions.get(match[1]) : undefined;
      if (req.method === "GET" && answer) {
        res.end(JSON.stringify({ id: match![1], object: "checkout.session", ...answer }));
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { type: "invalid_request_error", message: "No such checkout.session" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  delete process.env.PUBLIC_BASE_URL;
  resetEnvCache();
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});
beforeEach(() => {
  seen = [];
});

const gateway = () =>
  stripeGateway({ secretKey: "sk_test_luna", clientOptions: { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 } });
const HOURS = 60 * 60_000;

/** Two clinics with connected accounts; in clinic A a charge whose link the patient opened (a Stripe session requested). */
async function setup() {
  const db = database.db;
  const two = await createTwoClinics(db);
  const accountA = `acct_${two.clinicA.id.slice(0, 8)}`;
  const accountB = `acct_${two.clinicB.id.slice(0, 8)}`;
  await db.insert(paymentAccounts).values([
    { clinicId: two.clinicA.id, accountId: accountA },
    { clinicId: two.clinicB.id, accountId: accountB },
  ]);
  async function checkout(clinic: "A" | "B", using = gateway()) {
    const clinicId = clinic === "A" ? two.clinicA.id : two.clinicB.id;
    const ctx = clinic === "A" ? two.ctxA : two.ctxB;
    const doctor = await createStaff(db, { clinicId, role: "doctor" });
    const patient = await createPatient(db, { clinicId });
    const booked = await bookAppointment(db, ctx, {
      input: { patientId: patient.id, doctorId: doctor.id, startsAt: "2027-03-02T16:00:00Z", durationMinutes: 30, kind: "in_person" },
      now: new Date("2026-11-25T16:00:00Z"),
    });
    if (!booked.ok) throw new Error("booking");
    const charge = await addCharge(db, ctx, {
      input: { appointmentId: booked.appointmentId, concept: "Consulta", amount: "850", currency: "MXN" },
    });
    if (!charge.ok) throw new Error("charge");
    const link = await createPaymentLink(db, ctx, { chargeId: charge.chargeId });
    if (!link.ok) throw new Error("link");
    const started = await startCheckout(db, { token: link.url.split("/l/")[1], gateway: using });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const [payment] = await db.select().from(payments).where(eq(payments.chargeId, charge.chargeId));
    return { clinicId, chargeId: charge.chargeId, payment, sessionId: payment.checkoutSessionId! };
  }
  return { ...two, accountA, accountB, checkout };
}
const paymentById = async (id: string) => (await database.db.select().from(payments).where(eq(payments.id, id)))[0];

describe("outcomeOf (what the provider's answer means)", () => {
  it("moves only on the provider's word, forward", () => {
    const state = (over: Partial<Parameters<typeof outcomeOf>[1]>) => ({
      status: "open" as const,
      paymentStatus: "unpaid" as const,
      intentId: null,
      intentStatus: null,
      ...over,
    });
    expect(outcomeOf({ status: "requested" }, state({}))).toBeNull();
    expect(outcomeOf({ status: "requested" }, state({ status: "expired" }))).toEqual({ to: "expired", type: "payment.expired" });
    expect(outcomeOf({ status: "pending" }, state({ status: "expired" }))).toBeNull();
    expect(outcomeOf({ status: "requested" }, state({ status: "complete", paymentStatus: "paid" }))).toEqual({
      to: "paid",
      type: "payment.paid",
    });
    expect(outcomeOf({ status: "requested" }, state({ status: "complete" }))).toEqual({ to: "pending", type: "payment.pending" });
    expect(outcomeOf({ status: "pending" }, state({ status: "complete", intentStatus: "requires_action" }))).toBeNull();
    expect(outcomeOf({ status: "pending" }, state({ status: "complete", intentStatus: "requires_payment_method" }))).toEqual({
      to: "failed",
      type: "payment.failed",
    });
  });
});

describe("reconcileStalePayments (the real SDK against a loopback Stripe)", () => {
  it("asks Stripe about a session past its expiry on the payment's own account, and marks it expired only when Stripe says so", async () => {
    const s = await setup();
    const a = await s.checkout("A");
    const b = await s.checkout("B");
    sessions.set(a.sessionId, { status: "open", payment_status: "unpaid", payment_intent: null });
    sessions.set(b.sessionId, { status: "expired", payment_status: "unpaid", payment_intent: null });
    // Before the session's expiry (+ grace): nobody is asked.
    const early = await reconcileStalePayments(database.db, { gateway: gateway(), now: new Date(Date.now() + HOURS) });
    expect(seen.filter((r) => r.method === "GET" && [a.sessionId, b.sessionId].some((id) => r.path.includes(id)))).toEqual([]);
    expect(early.changed).toBe(0);

    const later = new Date(Date.now() + 2 * HOURS);
    await reconcileStalePayments(database.db, { gateway: gateway(), now: later });
    const lookups = seen.filter((r) => r.method === "GET");
    const lookupOf = (sessionId: string) => lookups.find((r) => r.path.startsWith(`/v1/checkout/sessions/${sessionId}`))!;
    expect(lookupOf(a.sessionId).headers["stripe-account"]).toBe(s.accountA);
    expect(lookupOf(b.sessionId).headers["stripe-account"]).toBe(s.accountB);
    expect(decodeURIComponent(lookupOf(a.sessionId).path)).toContain("expand[0]=payment_intent");
    // Stripe says A's session is still open: unchanged (asked again only after the grace); B's expired.
    expect(await paymentById(a.payment.id)).toMatchObject({ status: "requested", updatedAt: later });
    expect(await paymentById(b.payment.id)).toMatchObject({ status: "expired" });
    const history = await listChargeEvents(database.db, { clinicId: s.clinicB.id, chargeIds: [b.chargeId] });
    expect(history.at(-1)).toMatchObject({ type: "payment.expired", metadata: expect.objectContaining({ reconciled: true }) });
    expect(await listChargeEvents(database.db, { clinicId: s.clinicA.id, chargeIds: [b.chargeId] })).toEqual([]);

    // Run again at once: B is not asked again, A not before its interval.
    seen = [];
    await reconcileStalePayments(database.db, { gateway: gateway(), now: new Date(later.getTime() + 60_000) });
    expect(seen.filter((r) => [a.sessionId, b.sessionId].some((id) => r.path.includes(id)))).toEqual([]);
  });

  it("a missed 'paid' webhook: the payment is marked paid and the charge settled, once; a lookup that fails changes nothing", async () => {
    const s = await setup();
    const a = await s.checkout("A");
    const lost = await s.checkout("A");
    sessions.set(a.sessionId, {
      status: "complete",
      payment_status: "paid",
      payment_intent: { id: "pi_missed", object: "payment_intent", status: "succeeded" },
    });
    // `lost`'s session is unknown to Stripe (404): a failed lookup.
    const now = new Date(Date.now() + 2 * HOURS);
    const result = await reconcileStalePayments(database.db, { gateway: gateway(), now });
    expect(result).toMatchObject({ failedLookups: expect.any(Number) });
    expect(result.failedLookups).toBeGreaterThanOrEqual(1);
    expect(await paymentById(a.payment.id)).toMatchObject({ status: "paid", paymentIntentId: "pi_missed", paidAt: now });
    expect(await getChargeWithBalance(database.db, { clinicId: s.clinicA.id, chargeId: a.chargeId })).toMatchObject({
      state: "paid",
      balanceMinor: 0,
    });
    expect(await paymentById(lost.payment.id)).toMatchObject({ status: "requested" });
    // Again, later: already paid, nothing asked or written twice.
    const again = await reconcileStalePayments(database.db, { gateway: gateway(), now: new Date(now.getTime() + 3 * HOURS) });
    const paidEvents = (await listChargeEvents(database.db, { clinicId: s.clinicA.id, chargeIds: [a.chargeId] })).filter(
      (e) => e.type === "payment.paid",
    );
    expect(paidEvents).toHaveLength(1);
    expect(again.changed).toBe(0);
  });

  it("a pending OXXO payment is asked about only once its voucher lapsed and a day passed; Stripe's lapsed PaymentIntent fails it", async () => {
    const s = await setup();
    const a = await s.checkout("A");
    const base = Date.now();
    await database.db
      .update(payments)
      .set({ status: "pending", method: "oxxo", pendingExpiresAt: new Date(base + 72 * HOURS), updatedAt: new Date(base) })
      .where(eq(payments.id, a.payment.id));
    sessions.set(a.sessionId, {
      status: "complete",
      payment_status: "unpaid",
      payment_intent: { id: "pi_oxxo_lapsed", object: "payment_intent", status: "requires_payment_method" },
    });
    // A day later, the voucher still payable: not asked.
    await reconcileStalePayments(database.db, { gateway: gateway(), now: new Date(base + 25 * HOURS) });
    expect(seen.filter((r) => r.path.includes(a.sessionId))).toEqual([]);
    expect(await paymentById(a.payment.id)).toMatchObject({ status: "pending" });
    // The voucher lapsed: asked, and failed (the link offers a new payment).
    await reconcileStalePayments(database.db, { gateway: gateway(), now: new Date(base + 75 * HOURS) });
    expect(seen.filter((r) => r.path.includes(a.sessionId))).toHaveLength(1);
    expect(await paymentById(a.payment.id)).toMatchObject({ status: "failed" });
    expect(await getChargeWithBalance(database.db, { clinicId: s.clinicA.id, chargeId: a.chargeId })).toMatchObject({
      pendingMinor: 0,
      balanceMinor: 85_000,
    });
  });

  it("the simulated gateway (no keys) expires its own sessions past their expiry, and never touches Stripe's payments", async () => {
    const s = await setup();
    const stripePayment = await s.checkout("A");
    const simulated = await s.checkout("A", simulatedGateway);
    sessions.set(stripePayment.sessionId, { status: "expired", payment_status: "unpaid", payment_intent: null });
    seen = [];
    // Within its session's hour: still requested.
    await reconcileStalePayments(database.db, { gateway: simulatedGateway, now: new Date(Date.now() + 30 * 60_000) });
    expect(await paymentById(simulated.payment.id)).toMatchObject({ status: "requested" });
    const result = await reconcileStalePayments(database.db, { gateway: simulatedGateway, now: new Date(Date.now() + 30 * HOURS) });
    expect(await paymentById(simulated.payment.id)).toMatchObject({ status: "expired" });
    expect(await paymentById(stripePayment.payment.id)).toMatchObject({ status: "requested" });
    expect(seen).toEqual([]);
    expect(result.failedLookups).toBe(0);
  });
});
