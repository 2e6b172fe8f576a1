import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { providerEvents } from "@/db/schema";
import { eq } from "drizzle-orm";
import { openTestDatabase } from "@/db/testing/test-db";
import { resetEnvCache } from "@/lib/env";
import { POST } from "./route";

const SECRET = "whsec_route_test_secret";
const saved = process.env.STRIPE_WEBHOOK_SECRET;
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
beforeEach(() => {
  setDatabaseForTesting(database);
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  resetEnvCache();
});
afterEach(() => {
  if (saved === undefined) delete process.env.STRIPE_WEBHOOK_SECRET;
  else process.env.STRIPE_WEBHOOK_SECRET = saved;
  resetEnvCache();
  setDatabaseForTesting(undefined);
});
afterAll(async () => {
  await database.close();
});

const webhooks = new Stripe("sk_test_route").webhooks;
const post = (body: string, signature?: string) =>
  POST(
    new Request("http://localhost:3000/api/webhooks/stripe", {
      method: "POST",
      body,
      headers: signature ? { "stripe-signature": signature, "content-type": "application/json" } : { "content-type": "application/json" },
    }),
  );

describe("POST /api/webhooks/stripe", () => {
  it("answers 200 to a signed event it cannot place (unknown account), records it once, and 400 to a bad signature", async () => {
    const id = `evt_route_${Date.now()}`;
    const payload = JSON.stringify({
      id,
      object: "event",
      type: "checkout.session.completed",
      account: "acct_unknown_clinic",
      data: { object: { id: "cs_x", object: "checkout.session", payment_status: "paid" } },
    });
    const signature = webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const first = await post(payload, signature);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, outcome: "ignored_unknown_account" });
    expect(await (await post(payload, signature)).json()).toEqual({ received: true, outcome: "duplicate" });
    const rows = await database.db.select().from(providerEvents).where(eq(providerEvents.eventId, id));
    expect(rows).toHaveLength(1);
    expect((await post(payload)).status).toBe(400);
    expect((await post(payload.replace("paid", "unpaid"), signature)).status).toBe(400);
  });

  it("answers 503 without STRIPE_WEBHOOK_SECRET, reading nothing", async () => {
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetEnvCache();
    expect((await post("{}", "t=1,v1=x")).status).toBe(503);
  });
});
