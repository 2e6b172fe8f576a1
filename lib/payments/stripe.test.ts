import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, deliveries, paymentAccounts, payments, providerEvents } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { resetEnvCache } from "@/lib/env";
import { addCharge } from "./add-charge";
import { getChargeWithBalance, listChargeEvents } from "./balances";
import { simulatedGateway, stripeGateway } from "./gateway";
import { createPaymentLink } from "./payment-link";
import { startCheckout } from "./start-checkout";
import { handleStripeWebhook } from "./stripe-webhook";

/** A loopback stand-in for api.stripe.com: it records every request the real SDK sends and answers like Stripe. */
interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  form: URLSearchParams;
}
let server: Server;
let port: number;
let seen: SeenRequest[] = [];
let failNext = false;
let counter = 0;
let database: Database;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://luna.example.mx";
  resetEnvCache();
  database = await openTestDatabase();
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      counter += 1;
      seen.push({ method: req.method!, path: req.url!, headers: req.headers, form: new URLSearchParams(body) });
      res.setHeader("content-type", "application/json");
      if (failNext) {
        failNext = false;
        res.statusCode = 400;
        res.end(JSON.stringify({ error: { type: "invalid_request_error", message: "No such account" } }));
        return;
      }
      if (req.url === "/v1/customers") {
        res.end(JSON.stringify({ id: `cus_${counter}`, object: "customer" }));
        return;
      }
      const id = `cs_test_${counter}`;
      res.end(
        JSON.stringify({
          id,
          object: "checkout.session",
          url: `https://checkout.stripe.com/c/pay/${id}`,
          expires_at: Math.floor(Date.now() / 1000) + 3600,
        }),
      );
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

const SECRET = "whsec_test_secret_for_luna";
const gateway = () =>
  stripeGateway({ secretKey: "sk_test_luna", clientOptions: { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 } });
const signer = new Stripe("sk_test_luna").webhooks;

async function setup(options: { amount?: string; currency?: "MXN" | "USD"; locale?: "es" | "en" } = {}) {
  const db = database.db;
  const two = await createTwoClinics(db);
  const accountA = `acct_${two.clinicA.id.slice(0, 8)}`;
  const accountB = `acct_${two.clinicB.id.slice(0, 8)}`;
  await db.insert(paymentAccounts).values([
    { clinicId: two.clinicA.id, accountId: accountA },
    { clinicId: two.clinicB.id, accountId: accountB },
  ]);
  const doctor = await createStaff(db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(db, { clinicId: two.clinicA.id, preferredLocale: options.locale ?? "es" });
  const booked = await bookAppointment(db, two.ctxA, {
    input: { patientId: patient.id, doctorId: doctor.id, startsAt: "2026-11-26T16:00:00Z", durationMinutes: 30, kind: "in_person" },
    now: new Date("2026-11-25T16:00:00Z"),
  });
  if (!booked.ok) throw new Error("booking");
  const charge = await addCharge(db, two.ctxA, {
    input: {
      appointmentId: booked.appointmentId,
      concept: "Biometría hemática",
      amount: options.amount ?? "850",
      currency: options.currency ?? "MXN",
    },
  });
  if (!charge.ok) throw new Error("charge");
  const link = await createPaymentLink(db, two.ctxA, { chargeId: charge.chargeId });
  if (!link.ok) throw new Error("link");
  const token = link.url.split("/l/")[1];
  return { ...two, accountA, accountB, chargeId: charge.chargeId, token };
}

function signed(event: Record<string, unknown>, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify({ object: "event", api_version: "2026-11-18.endive", livemode: false, created: 1, data: {}, ...event });
  const signature = signer.generateTestHeaderString({ payload, secret: options.secret ?? SECRET, timestamp: options.timestamp });
  return { payload, signature };
}

const sessionEvent = (id: string, type: string, account: string | undefined, session: Record<string, unknown>) =>
  signed({ id, type, account, data: { object: { object: "checkout.session", ...session } } });

async function paymentOf(chargeId: string) {
  const rows = await database.db.select().from(payments).where(eq(payments.chargeId, chargeId));
  return rows;
}

describe("startCheckout on Stripe (the real SDK against a loopback fake)", () => {
  it("creates a Customer and a Checkout Session on the clinic's connected account: card, OXXO and SPEI for MXN", async () => {
    const { token, accountA, chargeId, clinicA } = await setup();
    const result = await startCheckout(database.db, { token, gateway: gateway() });
    expect(result).toMatchObject({
      ok: true,
      reused: false,
      url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/),
    });
    const [payment] = await paymentOf(chargeId);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/customers", "POST /v1/checkout/sessions"]);
    const [customer, session] = seen;
    expect(customer.headers["stripe-account"]).toBe(accountA);
    expect(customer.form.get("metadata[luna_patient_id]")).toMatch(/^[0-9a-f-]{36}$/);
    expect(customer.form.get("email")).toBeNull();
    expect(session.headers["stripe-account"]).toBe(accountA);
    expect(session.headers["idempotency-key"]).toBe(`luna-checkout-${payment.id}`);
    expect(session.headers["authorization"]).toBe("Bearer sk_test_luna");
    const form = Object.fromEntries(session.form);
    expect(form).toMatchObject({
      mode: "payment",
      "allowed_payment_method_types[0]": "card",
      "allowed_payment_method_types[1]": "oxxo",
      "allowed_payment_method_types[2]": "customer_balance",
      "payment_method_options[oxxo][expires_after_days]": "3",
      "payment_method_options[customer_balance][funding_type]": "bank_transfer",
      "payment_method_options[customer_balance][bank_transfer][type]": "mx_bank_transfer",
      customer: expect.stringMatching(/^cus_\d+$/),
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "mxn",
      "line_items[0][price_data][unit_amount]": "85000",
      locale: "es-419",
      "metadata[luna_payment_id]": payment.id,
      "metadata[luna_charge_id]": chargeId,
      "metadata[luna_clinic_id]": clinicA.id,
      "payment_intent_data[metadata][luna_payment_id]": payment.id,
      success_url: `https://luna.example.mx/l/${token}?checkout=done`,
      cancel_url: `https://luna.example.mx/l/${token}`,
    });
    expect(form["payment_method_types[0]"]).toBeUndefined();
    // The line item is neutral: never the concept (it may name a test).
    expect(form["line_items[0][price_data][product_data][name]"]).toBe(`Consulta con Dr. García — ${clinicA.name}`);
    expect(JSON.stringify(form)).not.toMatch(/Biometr/);
    expect(payment).toMatchObject({
      status: "requested",
      provider: "stripe",
      providerAccountId: accountA,
      checkoutSessionId: expect.stringMatching(/^cs_test_\d+$/),
    });

    // A second click while the session lives reuses it: no new request.
    expect(await startCheckout(database.db, { token, gateway: gateway() })).toMatchObject({
      ok: true,
      reused: true,
      url: result.ok && result.url,
    });
    expect(seen).toHaveLength(2);
  });

  it("offers card only for USD, in English for an English-speaking patient, with no Customer", async () => {
    const { token } = await setup({ amount: "85", currency: "USD", locale: "en" });
    expect(await startCheckout(database.db, { token, gateway: gateway() })).toMatchObject({ ok: true });
    expect(seen.map((r) => r.path)).toEqual(["/v1/checkout/sessions"]);
    const form = Object.fromEntries(seen[0].form);
    expect(form).toMatchObject({ "allowed_payment_method_types[0]": "card", "line_items[0][price_data][currency]": "usd", locale: "en" });
    expect(form["allowed_payment_method_types[1]"]).toBeUndefined();
    expect(form["payment_method_options[oxxo][expires_after_days]"]).toBeUndefined();
  });

  it("leaves OXXO out above 10,000 MXN", async () => {
    const { token } = await setup({ amount: "10000.01" });
    await startCheckout(database.db, { token, gateway: gateway() });
    const form = Object.fromEntries(seen[1].form);
    expect([
      form["allowed_payment_method_types[0]"],
      form["allowed_payment_method_types[1]"],
      form["allowed_payment_method_types[2]"],
    ]).toEqual(["card", "customer_balance", undefined]);
  });

  it("answers a provider error without a session, marking the attempt failed", async () => {
    const { token, chargeId } = await setup({ amount: "85", currency: "USD" });
    failNext = true;
    expect(await startCheckout(database.db, { token, gateway: gateway() })).toEqual({ ok: false, error: "providerError" });
    const [payment] = await paymentOf(chargeId);
    expect(payment).toMatchObject({ status: "failed", checkoutSessionId: null });
  });

  it("refuses a clinic without a connected account and an unknown token, sending nothing", async () => {
    const { token, clinicA } = await setup();
    await database.db.delete(paymentAccounts).where(eq(paymentAccounts.clinicId, clinicA.id));
    expect(await startCheckout(database.db, { token, gateway: gateway() })).toEqual({ ok: false, error: "unavailable" });
    expect(await startCheckout(database.db, { token: "A".repeat(22), gateway: gateway() })).toEqual({ ok: false, error: "notFound" });
    expect(seen).toEqual([]);
  });
});

describe("handleStripeWebhook", () => {
  async function checkoutFor(options: Parameters<typeof setup>[0] = {}) {
    const context = await setup(options);
    const started = await startCheckout(database.db, { token: context.token, gateway: gateway() });
    if (!started.ok) throw new Error("checkout");
    const [payment] = await paymentOf(context.chargeId);
    return { ...context, payment, sessionId: payment.checkoutSessionId! };
  }
  const handle = (event: { payload: string; signature: string }, mode: "stripe" | "simulated" = "stripe") =>
    handleStripeWebhook(database.db, { ...event, secret: SECRET, mode });

  it("marks a card payment paid, once: a replayed event changes nothing", async () => {
    const { sessionId, accountA, payment, chargeId, clinicA } = await checkoutFor();
    const event = sessionEvent(`evt_${payment.id}`, "checkout.session.completed", accountA, {
      id: sessionId,
      payment_status: "paid",
      amount_total: 85_000,
      currency: "mxn",
      payment_intent: "pi_123",
      metadata: { luna_payment_id: payment.id },
    });
    expect(await handle(event)).toEqual({ status: 200, outcome: "applied" });
    expect(await handle(event)).toEqual({ status: 200, outcome: "duplicate" });
    const [after] = await paymentOf(chargeId);
    expect(after).toMatchObject({ status: "paid", method: "card", paymentIntentId: "pi_123" });
    expect(await getChargeWithBalance(database.db, { clinicId: clinicA.id, chargeId })).toMatchObject({ balanceMinor: 0, state: "paid" });
    const history = await listChargeEvents(database.db, { clinicId: clinicA.id, chargeIds: [chargeId] });
    expect(history.map((e) => e.type)).toEqual(["charge.created", "link.shared", "payment.requested", "checkout.opened", "payment.paid"]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, payment.id));
    expect(audit.map((a) => a.action)).toEqual(["payment.paid"]);
    const [recorded] = await database.db
      .select()
      .from(providerEvents)
      .where(eq(providerEvents.eventId, `evt_${payment.id}`));
    expect(recorded).toMatchObject({ outcome: "applied", accountId: accountA });
  });

  it("refuses a tampered body, an old timestamp and the wrong secret with 400, changing nothing", async () => {
    const { sessionId, accountA, payment, chargeId } = await checkoutFor();
    const good = sessionEvent(`evt_t_${payment.id}`, "checkout.session.completed", accountA, { id: sessionId, payment_status: "paid" });
    expect(await handle({ payload: good.payload.replace('"paid"', '"unpaid"'), signature: good.signature })).toEqual({
      status: 400,
      outcome: "bad_signature",
    });
    const old = signed(
      {
        id: `evt_o_${payment.id}`,
        type: "checkout.session.completed",
        account: accountA,
        data: { object: { id: sessionId, payment_status: "paid" } },
      },
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
    );
    expect(await handle(old)).toEqual({ status: 400, outcome: "bad_signature" });
    const wrong = signed(
      {
        id: `evt_w_${payment.id}`,
        type: "checkout.session.completed",
        account: accountA,
        data: { object: { id: sessionId, payment_status: "paid" } },
      },
      { secret: "whsec_someone_else" },
    );
    expect(await handle(wrong)).toEqual({ status: 400, outcome: "bad_signature" });
    expect(await handle({ payload: good.payload, signature: null as unknown as string })).toEqual({
      status: 400,
      outcome: "bad_signature",
    });
    const [after] = await paymentOf(chargeId);
    expect(after.status).toBe("requested");
  });

  it("takes OXXO from pending to paid, and an out-of-order 'completed' never moves it back", async () => {
    const { sessionId, accountA, payment, chargeId, clinicA } = await checkoutFor();
    const completedUnpaid = sessionEvent(`evt_c_${payment.id}`, "checkout.session.completed", accountA, {
      id: sessionId,
      payment_status: "unpaid",
    });
    const succeeded = sessionEvent(`evt_s_${payment.id}`, "checkout.session.async_payment_succeeded", accountA, {
      id: sessionId,
      payment_status: "paid",
    });
    // Out of order: the success arrives before the voucher's "completed".
    expect(await handle(succeeded)).toMatchObject({ outcome: "applied" });
    expect(await handle(completedUnpaid)).toMatchObject({ status: 200, outcome: "ignored_stale" });
    const [after] = await paymentOf(chargeId);
    expect(after.status).toBe("paid");
    expect(after.method).toBeNull();

    // In order on another charge: pending first (the balance still owes, the pending amount shows), then paid.
    const second = await checkoutFor();
    await handle(
      sessionEvent(`evt_c2_${second.payment.id}`, "checkout.session.completed", second.accountA, {
        id: second.sessionId,
        payment_status: "unpaid",
      }),
    );
    expect(await getChargeWithBalance(database.db, { clinicId: second.clinicA.id, chargeId: second.chargeId })).toMatchObject({
      balanceMinor: 85_000,
      pendingMinor: 85_000,
    });
    await handle(
      sessionEvent(`evt_f2_${second.payment.id}`, "checkout.session.async_payment_failed", second.accountA, { id: second.sessionId }),
    );
    const [failed] = await paymentOf(second.chargeId);
    expect(failed.status).toBe("failed");
    expect(clinicA.id).not.toBe(second.clinicA.id);
  });

  const requiresAction = (id: string, account: string, intent: Record<string, unknown>) =>
    signed({ id, type: "payment_intent.requires_action", account, data: { object: { object: "payment_intent", ...intent } } });

  it("payment_intent.requires_action records the OXXO voucher (number, URL, expiry) and the SPEI reference and CLABE, once", async () => {
    const { sessionId, accountA, accountB, payment, chargeId, clinicA } = await checkoutFor();
    const oxxo = {
      id: "pi_oxxo_1",
      amount: 85_000,
      currency: "mxn",
      metadata: { luna_payment_id: payment.id },
      next_action: {
        type: "oxxo_display_details",
        oxxo_display_details: {
          number: "93001234567890",
          hosted_voucher_url: "https://payments.stripe.com/oxxo/voucher/test_1",
          expires_after: 1_796_000_000,
        },
      },
    };
    // Another clinic's account, a wrong amount: ignored, nothing written.
    expect(await handle(requiresAction(`evt_ra0_${payment.id}`, accountB, oxxo))).toMatchObject({
      status: 200,
      outcome: "ignored_unknown_payment",
    });
    expect(await handle(requiresAction(`evt_ra1_${payment.id}`, accountA, { ...oxxo, amount: 100 }))).toMatchObject({
      outcome: "ignored_mismatch",
    });
    expect((await paymentOf(chargeId))[0]).toMatchObject({ status: "requested", pendingReference: null });

    // Before the session's "completed" (matched by the metadata), then the "completed" changes nothing more.
    expect(await handle(requiresAction(`evt_ra2_${payment.id}`, accountA, oxxo))).toMatchObject({ outcome: "applied" });
    expect(
      await handle(
        sessionEvent(`evt_rc_${payment.id}`, "checkout.session.completed", accountA, {
          id: sessionId,
          payment_status: "unpaid",
          payment_intent: "pi_oxxo_1",
        }),
      ),
    ).toMatchObject({ outcome: "ignored_stale" });
    expect((await paymentOf(chargeId))[0]).toMatchObject({
      status: "pending",
      method: "oxxo",
      paymentIntentId: "pi_oxxo_1",
      pendingReference: "93001234567890",
      pendingInstructionsUrl: "https://payments.stripe.com/oxxo/voucher/test_1",
      pendingExpiresAt: new Date(1_796_000_000 * 1000),
    });
    // The same details again (a second event id): nothing new in the history.
    expect(await handle(requiresAction(`evt_ra3_${payment.id}`, accountA, oxxo))).toMatchObject({ outcome: "ignored_stale" });
    const history = await listChargeEvents(database.db, { clinicId: clinicA.id, chargeIds: [chargeId] });
    expect(history.filter((e) => e.type === "payment.instructions").map((e) => e.metadata)).toEqual([
      {
        method: "oxxo",
        reference: "93001234567890",
        instructionsUrl: "https://payments.stripe.com/oxxo/voucher/test_1",
        expiresAt: new Date(1_796_000_000 * 1000).toISOString(),
      },
    ]);
    // Paid: a late requires_action never moves it back.
    await handle(
      sessionEvent(`evt_rs_${payment.id}`, "checkout.session.async_payment_succeeded", accountA, { id: sessionId, payment_status: "paid" }),
    );
    expect(
      await handle(
        requiresAction(`evt_ra4_${payment.id}`, accountA, {
          ...oxxo,
          next_action: { ...oxxo.next_action, oxxo_display_details: { number: "1" } },
        }),
      ),
    ).toMatchObject({
      outcome: "ignored_stale",
    });
    expect((await paymentOf(chargeId))[0]).toMatchObject({ status: "paid", method: "oxxo" });

    // SPEI, after the session's "completed" (matched by the PaymentIntent id).
    const second = await checkoutFor();
    await handle(
      sessionEvent(`evt_sc_${second.payment.id}`, "checkout.session.completed", second.accountA, {
        id: second.sessionId,
        payment_status: "unpaid",
        payment_intent: "pi_spei_1",
      }),
    );
    expect(
      await handle(
        requiresAction(`evt_sa_${second.payment.id}`, second.accountA, {
          id: "pi_spei_1",
          amount: 85_000,
          currency: "mxn",
          next_action: {
            type: "display_bank_transfer_instructions",
            display_bank_transfer_instructions: {
              type: "mx_bank_transfer",
              reference: "1234567",
              hosted_instructions_url: "https://payments.stripe.com/bank_transfers/instructions/test_2",
              financial_addresses: [{ type: "spei", spei: { clabe: "646180111122223333", bank_name: "STP", bank_code: "646" } }],
            },
          },
        }),
      ),
    ).toMatchObject({ outcome: "applied" });
    expect((await paymentOf(second.chargeId))[0]).toMatchObject({
      status: "pending",
      method: "spei",
      pendingReference: "1234567",
      pendingClabe: "646180111122223333",
      pendingExpiresAt: null,
    });
  });

  it("answers 200 and ignores an unknown account, an unknown session, another clinic's account and a mismatched amount", async () => {
    const { sessionId, accountA, accountB, payment, chargeId } = await checkoutFor();
    const paid = { id: sessionId, payment_status: "paid" };
    expect(await handle(sessionEvent(`evt_u1_${payment.id}`, "checkout.session.completed", "acct_nobody", paid))).toEqual({
      status: 200,
      outcome: "ignored_unknown_account",
    });
    expect(
      await handle(
        sessionEvent(`evt_u2_${payment.id}`, "checkout.session.completed", accountA, { id: "cs_unknown", payment_status: "paid" }),
      ),
    ).toEqual({
      status: 200,
      outcome: "ignored_unknown_payment",
    });
    // Clinic B's account cannot settle clinic A's session.
    expect(await handle(sessionEvent(`evt_u3_${payment.id}`, "checkout.session.completed", accountB, paid))).toEqual({
      status: 200,
      outcome: "ignored_unknown_payment",
    });
    expect(
      await handle(sessionEvent(`evt_u4_${payment.id}`, "checkout.session.completed", accountA, { ...paid, amount_total: 100 })),
    ).toEqual({
      status: 200,
      outcome: "ignored_mismatch",
    });
    // A platform event without an account is not a clinic's, and simulated payments are not reachable from Stripe mode.
    expect(await handle(sessionEvent(`evt_u5_${payment.id}`, "checkout.session.completed", undefined, paid))).toEqual({
      status: 200,
      outcome: "ignored_unknown_account",
    });
    expect(await handle(signed({ id: `evt_u6_${payment.id}`, type: "customer.created", account: accountA }))).toEqual({
      status: 200,
      outcome: "unhandled_type",
    });
    const [after] = await paymentOf(chargeId);
    expect(after.status).toBe("requested");
  });

  it("expires an abandoned session (the link still works) and records a refund against what was collected", async () => {
    const { sessionId, accountA, payment, chargeId, clinicA, token } = await checkoutFor();
    await handle(sessionEvent(`evt_e_${payment.id}`, "checkout.session.expired", accountA, { id: sessionId }));
    expect((await paymentOf(chargeId))[0].status).toBe("expired");
    // A new click makes a new session.
    expect(await startCheckout(database.db, { token, gateway: gateway() })).toMatchObject({ ok: true, reused: false });
    const fresh = (await paymentOf(chargeId)).find((p) => p.status === "requested")!;
    await handle(
      sessionEvent(`evt_p_${fresh.id}`, "checkout.session.completed", accountA, {
        id: fresh.checkoutSessionId,
        payment_status: "paid",
        payment_intent: "pi_r",
      }),
    );
    const refund = (amountRefunded: number, id: string) =>
      signed({
        id,
        type: "charge.refunded",
        account: accountA,
        data: { object: { object: "charge", payment_intent: "pi_r", amount: 85_000, amount_refunded: amountRefunded, currency: "mxn" } },
      });
    expect(await handle(refund(20_000, `evt_r1_${fresh.id}`))).toMatchObject({ outcome: "applied" });
    expect(await getChargeWithBalance(database.db, { clinicId: clinicA.id, chargeId })).toMatchObject({
      balanceMinor: 20_000,
      state: "partially_paid",
    });
    expect(await handle(refund(85_000, `evt_r2_${fresh.id}`))).toMatchObject({ outcome: "applied" });
    const refunded = (await paymentOf(chargeId)).find((p) => p.id === fresh.id)!;
    expect(refunded).toMatchObject({ status: "refunded", refundedMinor: 85_000 });
    expect(await getChargeWithBalance(database.db, { clinicId: clinicA.id, chargeId })).toMatchObject({
      balanceMinor: 85_000,
      state: "open",
    });
    // Paid, the balance reminders were cancelled; refunded, the charge owes again and they are planned again (+3, +7 days).
    const reminders = await database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.subjectId, chargeId), eq(deliveries.notificationType, "payment_reminder")));
    expect(reminders.filter((r) => r.status === "cancelled" && r.errorCode === "charge_paid")).toHaveLength(2);
    expect(reminders.filter((r) => r.status === "scheduled")).toHaveLength(2);
  });

  it("in simulated mode settles a simulated checkout through the same path", async () => {
    const { token, chargeId, clinicA } = await setup();
    const started = await startCheckout(database.db, { token, gateway: simulatedGateway });
    expect(started).toMatchObject({ ok: true, url: expect.stringMatching(new RegExp(`^/l/${token}/simulated-checkout/`)) });
    const [payment] = await paymentOf(chargeId);
    const event = sessionEvent(`evt_sim_${payment.id}`, "checkout.session.completed", undefined, {
      id: payment.checkoutSessionId,
      payment_status: "paid",
      amount_total: 85_000,
      currency: "mxn",
    });
    expect(await handle(event, "stripe")).toMatchObject({ outcome: "ignored_unknown_account" });
    expect(
      await handle(
        sessionEvent(`evt_sim2_${payment.id}`, "checkout.session.completed", undefined, {
          id: payment.checkoutSessionId,
          payment_status: "paid",
        }),
        "simulated",
      ),
    ).toMatchObject({
      outcome: "applied",
    });
    expect(await getChargeWithBalance(database.db, { clinicId: clinicA.id, chargeId })).toMatchObject({ state: "paid" });
    expect(seen).toEqual([]);
  });
});
