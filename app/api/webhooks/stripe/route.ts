import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { sqlStateOf } from "@/lib/errors";
import { log } from "@/lib/log";
import { handleStripeWebhook } from "@/lib/payments/stripe-webhook";
import { readLimitedBody } from "@/lib/webhooks/read-limited-body";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const plain = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * Stripe's Connect webhook (events of every clinic's connected account). The signature is verified on
 * the RAW body (`stripe.webhooks.constructEvent`); see lib/payments/stripe-webhook.ts for what each
 * event does. Without STRIPE_WEBHOOK_SECRET the route answers 503 and reads nothing. Payment state is
 * taken from here only, never from the patient's return to the link page.
 */
export async function POST(request: Request): Promise<Response> {
  let secret: string | undefined;
  try {
    secret = getEnv().STRIPE_WEBHOOK_SECRET;
  } catch {
    // An invalid environment is reported at start-up; here it only means "not configured".
  }
  if (!secret) {
    log.error("webhooks/stripe rejected: STRIPE_WEBHOOK_SECRET must be set to accept Stripe webhooks");
    return plain(503, "Not configured");
  }
  const payload = await readLimitedBody(request);
  if (payload === "too_large") return plain(413, "Payload too large");
  try {
    const result = await handleStripeWebhook(await getDb(), {
      payload,
      signature: request.headers.get("stripe-signature"),
      secret,
      mode: "stripe",
    });
    return result.status === 200 ? Response.json({ received: true, outcome: result.outcome }) : plain(400, "Bad signature");
  } catch (error) {
    log.error(
      { err: [error instanceof Error ? error.name : typeof error, sqlStateOf(error)].filter(Boolean).join(" ") },
      "webhooks/stripe: not applied",
    );
    return plain(500, "Error");
  }
}
