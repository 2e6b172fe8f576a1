import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, paymentAccounts } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { createStripeClient } from "./gateway";
import { getConnectAccountState, getConnectedAccountId, startStripeOnboarding } from "./stripe-connect";

/** api.stripe.com at its HTTP boundary: the real SDK's requests intercepted (msw), each one recorded. */
interface Seen {
  path: string;
  form: URLSearchParams;
  headers: Headers;
}
let seen: Seen[] = [];
let accountCounter = 0;
let failLinks = false;
const server = setupServer(
  http.post("https://api.stripe.com/v1/accounts", async ({ request }) => {
    seen.push({ path: "/v1/accounts", form: new URLSearchParams(await request.text()), headers: request.headers });
    return HttpResponse.json({ id: `acct_test_${++accountCounter}`, object: "account", charges_enabled: false, details_submitted: false });
  }),
  http.post("https://api.stripe.com/v1/account_links", async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    seen.push({ path: "/v1/account_links", form, headers: request.headers });
    if (failLinks) return HttpResponse.json({ error: { type: "invalid_request_error", message: "No such account" } }, { status: 400 });
    return HttpResponse.json({
      object: "account_link",
      created: 1_796_000_000,
      expires_at: 1_796_000_300,
      url: `https://connect.stripe.com/setup/s/${form.get("account")}/onboarding`,
    });
  }),
  http.get("https://api.stripe.com/v1/accounts/:id", ({ params }) =>
    HttpResponse.json({ id: params.id, object: "account", charges_enabled: true, details_submitted: true }),
  ),
);

let database: Database;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  database = await openTestDatabase();
});
afterEach(() => {
  seen = [];
  failLinks = false;
  server.resetHandlers();
});
afterAll(async () => {
  server.close();
  await database.close();
});

const stripe = () => createStripeClient("sk_test_luna_connect", { maxNetworkRetries: 0 });
const urls = {
  refreshUrl: "https://luna.example.mx/es/settings/payments/connect",
  returnUrl: "https://luna.example.mx/es/settings/payments?connect=returned",
};

describe("Stripe Connect onboarding (the real SDK, requests intercepted)", () => {
  it("creates the clinic's connected account once (controller properties, MX, idempotent per clinic) and an onboarding link for it", async () => {
    const two = await createTwoClinics(database.db, "admin");
    const first = await startStripeOnboarding(database.db, two.ctxA, { stripe: stripe(), ...urls });
    expect(first).toMatchObject({ ok: true, created: true, url: expect.stringMatching(/^https:\/\/connect\.stripe\.com\/setup\//) });
    if (!first.ok) throw new Error("onboarding");
    const [create, link] = seen;
    expect(create.path).toBe("/v1/accounts");
    expect(Object.fromEntries(create.form)).toEqual({
      country: "MX",
      "controller[stripe_dashboard][type]": "full",
      "controller[fees][payer]": "account",
      "controller[losses][payments]": "stripe",
      "metadata[luna_clinic_id]": two.clinicA.id,
    });
    expect(create.headers.get("idempotency-key")).toBe(`luna-connect-account-${two.clinicA.id}`);
    expect(create.headers.get("authorization")).toBe("Bearer sk_test_luna_connect");
    expect(create.headers.get("stripe-account")).toBeNull();
    expect(link.path).toBe("/v1/account_links");
    expect(Object.fromEntries(link.form)).toEqual({
      account: first.accountId,
      type: "account_onboarding",
      refresh_url: urls.refreshUrl,
      return_url: urls.returnUrl,
      "collection_options[fields]": "currently_due",
    });
    expect(await getConnectedAccountId(database.db, { clinicId: two.clinicA.id })).toBe(first.accountId);
    expect(await getConnectedAccountId(database.db, { clinicId: two.clinicB.id })).toBeNull();

    // Again (a link expired, or onboarding resumed): the account on record gets a new link; no second account.
    seen = [];
    const again = await startStripeOnboarding(database.db, two.ctxA, { stripe: stripe(), ...urls });
    expect(again).toMatchObject({ ok: true, created: false, accountId: first.accountId });
    expect(seen.map((r) => r.path)).toEqual(["/v1/account_links"]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, two.clinicA.id)).orderBy(auditLog.createdAt);
    expect(audit.filter((a) => a.action === "payments.connect_onboarding").map((a) => a.metadata)).toEqual([
      { accountId: first.accountId, created: true },
      { accountId: first.accountId, created: false },
    ]);
    expect(await getConnectAccountState({ stripe: stripe(), accountId: first.accountId })).toEqual({
      accountId: first.accountId,
      chargesEnabled: true,
      detailsSubmitted: true,
    });
  });

  it("is the admins': staff cannot; without a Stripe key it says so; a provider error is answered, nothing half-written", async () => {
    const two = await createTwoClinics(database.db, "staff");
    expect(await startStripeOnboarding(database.db, two.ctxA, { stripe: stripe(), ...urls })).toEqual({ ok: false, error: "forbidden" });
    const admin = await createStaff(database.db, { clinicId: two.clinicA.id, role: "admin" });
    const adminCtx = staffContext(admin, two.clinicA);
    expect(await startStripeOnboarding(database.db, adminCtx, { stripe: null, ...urls })).toEqual({ ok: false, error: "notConfigured" });
    expect(seen).toEqual([]);
    failLinks = true;
    expect(await startStripeOnboarding(database.db, adminCtx, { stripe: stripe(), ...urls })).toEqual({
      ok: false,
      error: "providerError",
    });
    // The account Stripe created is on record (the next attempt resumes it); no audit for a failed attempt.
    const rows = await database.db.select().from(paymentAccounts).where(eq(paymentAccounts.clinicId, two.clinicA.id));
    expect(rows).toHaveLength(1);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, two.clinicA.id)).orderBy(auditLog.createdAt);
    expect(audit.filter((a) => a.action === "payments.connect_onboarding")).toEqual([]);
  });
});
