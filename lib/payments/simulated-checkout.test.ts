import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { addCharge } from "./add-charge";
import { listChargeEvents } from "./balances";
import { simulatedGateway } from "./gateway";
import { createPaymentLink } from "./payment-link";
import { getPaymentPage, recordPaymentLinkOpened } from "./payment-page";
import { getSimulatedPayment, simulateCheckoutOutcome } from "./simulated-checkout";
import { startCheckout } from "./start-checkout";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function setup() {
  const db = database.db;
  const two = await createTwoClinics(db);
  const doctor = await createStaff(db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(db, { clinicId: two.clinicA.id });
  const booked = await bookAppointment(db, two.ctxA, {
    input: { patientId: patient.id, doctorId: doctor.id, startsAt: "2026-11-26T16:00:00Z", durationMinutes: 30, kind: "in_person" },
    now: new Date("2026-11-25T16:00:00Z"),
  });
  if (!booked.ok) throw new Error("booking");
  const charge = await addCharge(db, two.ctxA, {
    input: { appointmentId: booked.appointmentId, concept: "Consulta", amount: "850", currency: "MXN" },
  });
  if (!charge.ok) throw new Error("charge");
  const link = await createPaymentLink(db, two.ctxA, { chargeId: charge.chargeId });
  if (!link.ok) throw new Error("link");
  return { ...two, patient, chargeId: charge.chargeId, token: link.url.split("/l/")[1] };
}

describe("the simulated checkout (no Stripe keys)", () => {
  it("runs request → link opened → pending (OXXO) → paid through the webhook handler, and the page follows", async () => {
    const { token, chargeId, clinicA, patient } = await setup();
    const resolved = await resolveSecureLink(database.db, token);
    if (resolved.status !== "ok") throw new Error("link");
    await recordPaymentLinkOpened(database.db, { open: resolved, now: new Date() });
    await recordPaymentLinkOpened(database.db, { open: { link: { ...resolved.link, openCount: 1 } }, now: new Date() });
    const page = await getPaymentPage(database.db, { clinicId: clinicA.id, patientId: patient.id, chargeId });
    expect(page).toMatchObject({ state: "open", balanceMinor: 85_000, currency: "MXN", visit: { doctorName: "Dr. García" } });
    expect(JSON.stringify(page)).not.toMatch(/Consulta/);

    const started = await startCheckout(database.db, { token, gateway: simulatedGateway });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const paymentId = started.url.split("/").pop()!;
    expect(await getSimulatedPayment(database.db, { token, paymentId })).toMatchObject({ status: "requested" });
    expect(await simulateCheckoutOutcome(database.db, { token, paymentId, outcome: "pending" })).toEqual({
      status: 200,
      outcome: "applied",
    });
    // The OXXO voucher as Stripe's payment_intent.requires_action gives it: number, voucher page, expiry.
    expect(await getPaymentPage(database.db, { clinicId: clinicA.id, patientId: patient.id, chargeId })).toMatchObject({
      state: "open",
      pendingMinor: 85_000,
      latest: {
        status: "pending",
        method: "oxxo",
        reference: expect.stringMatching(/^\d{14}$/),
        instructionsUrl: `/l/${token}/simulated-checkout/${paymentId}`,
        instructionsExpireAt: expect.any(Date),
        clabe: null,
      },
    });
    // While a voucher is pending, Pay does not open a second checkout.
    expect(await startCheckout(database.db, { token, gateway: simulatedGateway })).toEqual({ ok: false, error: "pending" });
    expect(await simulateCheckoutOutcome(database.db, { token, paymentId, outcome: "confirm" })).toEqual({
      status: 200,
      outcome: "applied",
    });
    expect(await getPaymentPage(database.db, { clinicId: clinicA.id, patientId: patient.id, chargeId })).toMatchObject({
      state: "paid",
      balanceMinor: 0,
      latest: { status: "paid", amountMinor: 85_000 },
    });
    expect(await startCheckout(database.db, { token, gateway: simulatedGateway })).toEqual({ ok: false, error: "paid" });
    const history = await listChargeEvents(database.db, { clinicId: clinicA.id, chargeIds: [chargeId] });
    expect(history.map((e) => e.type)).toEqual([
      "charge.created",
      "link.shared",
      "payment.requested",
      "link.opened",
      "checkout.opened",
      "payment.pending",
      "payment.instructions",
      "payment.paid",
    ]);
    expect(history.find((e) => e.type === "payment.instructions")?.metadata).toMatchObject({ method: "oxxo" });
  });

  it("a SPEI transfer left pending carries its reference and CLABE to the page and the history", async () => {
    const { token, chargeId, clinicA, clinicB, patient } = await setup();
    const started = await startCheckout(database.db, { token, gateway: simulatedGateway });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const paymentId = started.url.split("/").pop()!;
    expect(await simulateCheckoutOutcome(database.db, { token, paymentId, outcome: "pending_spei" })).toEqual({
      status: 200,
      outcome: "applied",
    });
    expect(await getPaymentPage(database.db, { clinicId: clinicA.id, patientId: patient.id, chargeId })).toMatchObject({
      latest: {
        status: "pending",
        method: "spei",
        reference: expect.stringMatching(/^\d{7}$/),
        clabe: expect.stringMatching(/^646180\d{12}$/),
      },
    });
    expect(await getPaymentPage(database.db, { clinicId: clinicB.id, patientId: patient.id, chargeId })).toBeNull();
    const history = await listChargeEvents(database.db, { clinicId: clinicA.id, chargeIds: [chargeId] });
    expect(history.find((e) => e.type === "payment.instructions")?.metadata).toMatchObject({ method: "spei" });
  });

  it("never reaches another link's payment, nor another clinic's page", async () => {
    const first = await setup();
    const second = await setup();
    const started = await startCheckout(database.db, { token: first.token, gateway: simulatedGateway });
    if (!started.ok) throw new Error("checkout");
    const paymentId = started.url.split("/").pop()!;
    expect(await getSimulatedPayment(database.db, { token: second.token, paymentId })).toBeNull();
    expect(await simulateCheckoutOutcome(database.db, { token: second.token, paymentId, outcome: "paid" })).toBeNull();
    expect(
      await getPaymentPage(database.db, { clinicId: first.clinicB.id, patientId: first.patient.id, chargeId: first.chargeId }),
    ).toBeNull();
  });
});
