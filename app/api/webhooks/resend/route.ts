import { Resend } from "resend";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { sqlStateOf } from "@/lib/errors";
import { applyProviderStatus, type ProviderStatus } from "@/lib/notifications/apply-provider-status";
import { readLimitedBody } from "@/lib/webhooks/read-limited-body";
import { log } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The fields we use of an email.* event (INTEGRATIONS.md §7); the rest is kept in the raw payload. */
const emailEventSchema = z.object({
  type: z.string().min(1),
  created_at: z.string().optional(),
  data: z.object({
    email_id: z.string().min(1).max(200),
    bounce: z.object({ type: z.string().optional() }).optional(),
  }),
});

/**
 * Resend's event → our status and code. Opened is read; every bounce is undelivered, and a Permanent
 * one is a "hard_bounce" (the address is marked bounced: provider-errors.ts). A complaint means it was
 * delivered and the patient wants no more email ("complained" opts them out). A delayed delivery is
 * still on its way. Other events (clicked, scheduled, received, contact.*, …) are acknowledged only.
 */
function toProviderStatus(event: z.infer<typeof emailEventSchema>): { status: ProviderStatus; errorCode: string | null } | null {
  switch (event.type) {
    case "email.sent":
      return { status: "sent", errorCode: null };
    case "email.delivered":
      return { status: "delivered", errorCode: null };
    case "email.opened":
      return { status: "read", errorCode: null };
    case "email.delivery_delayed":
      return { status: "sent", errorCode: "delivery_delayed" };
    case "email.bounced":
      return { status: "undelivered", errorCode: event.data.bounce?.type === "Permanent" ? "hard_bounce" : "soft_bounce" };
    case "email.complained":
      return { status: "delivered", errorCode: "complained" };
    case "email.failed":
      return { status: "failed", errorCode: "failed" };
    case "email.suppressed":
      // Resend did not send: the address is on its suppression list (an earlier bounce or complaint).
      return { status: "undelivered", errorCode: "suppressed" };
    default:
      return null;
  }
}

const plain = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

/** An error as a log may show it: name and SQLSTATE, never the message (a failed query's lists its parameters). */
const errorLabel = (error: unknown) => [error instanceof Error ? error.name : typeof error, sqlStateOf(error)].filter(Boolean).join(" ");

/**
 * Resend's webhook (Svix-signed). Verified on the RAW body with `resend.webhooks.verify`, then the
 * event is applied to the email delivery whose provider id is `data.email_id` — forward only, and once
 * per svix-id (a redelivered webhook records nothing twice). Logs carry ids only (events hold addresses).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    let secret: string | undefined;
    let apiKey: string | undefined;
    try {
      ({ RESEND_WEBHOOK_SECRET: secret, RESEND_API_KEY: apiKey } = getEnv());
    } catch {
      // An invalid environment is reported at start-up; here it only means "not configured".
    }
    // Not configured: 503 and nothing read or changed, as for Twilio (the route exists; the secret is missing).
    if (!secret) {
      log.error(
        { event: "webhook.resend.not_configured" },
        "[webhooks/resend] rejected: RESEND_WEBHOOK_SECRET must be set to accept Resend webhooks",
      );
      return plain(503, "Not configured");
    }

    const payload = await readLimitedBody(request);
    if (payload === "too_large") return plain(413, "Payload too large");
    const id = request.headers.get("svix-id");
    const timestamp = request.headers.get("svix-timestamp");
    const signature = request.headers.get("svix-signature");
    if (!id || !timestamp || !signature) return plain(400, "Bad request");

    let verified: unknown;
    try {
      // verify() is a local HMAC check and never calls the API, so the key is only there to satisfy
      // the constructor (which throws without one) when email goes through the outbox.
      const resend = new Resend(apiKey ?? "re_webhook_verification_only");
      verified = resend.webhooks.verify({ payload, headers: { id, timestamp, signature }, webhookSecret: secret });
    } catch (error) {
      // A correctly signed body that is not JSON is malformed; anything else failed verification.
      if (error instanceof SyntaxError) return plain(400, "Bad request");
      return plain(401, "Unauthorized");
    }

    const type = (verified as { type?: unknown } | null)?.type;
    if (typeof type !== "string") return plain(400, "Bad request");
    if (!type.startsWith("email.")) return new Response(null, { status: 204 });
    const parsed = emailEventSchema.safeParse(verified);
    if (!parsed.success) return plain(400, "Bad request");
    const mapped = toProviderStatus(parsed.data);
    if (!mapped) return new Response(null, { status: 204 });

    const emailId = parsed.data.data.email_id;
    let result: Awaited<ReturnType<typeof applyProviderStatus>>;
    try {
      result = await applyProviderStatus(await getDb(), {
        source: "resend",
        providerMessageId: emailId,
        status: mapped.status,
        errorCode: mapped.errorCode,
        payload: verified,
        providerEventId: id,
        now: new Date(),
      });
    } catch (error) {
      log.error(
        { event: "webhook.resend.not_applied", type, emailId },
        `[webhooks/resend] ${type} for ${emailId} not applied (${errorLabel(error)})`,
      );
      return plain(500, "Error");
    }
    if (result.outcome === "unknown_message") {
      log.warn(
        { event: "webhook.resend.unknown_email", type, emailId },
        `[webhooks/resend] ${type} for unknown email ${emailId}: acknowledged, nothing changed`,
      );
    }
    return new Response(null, { status: 204 });
  } catch (error) {
    log.error({ event: "webhook.resend.failed" }, `[webhooks/resend] failed (${errorLabel(error)})`);
    return plain(500, "Error");
  }
}

const methodNotAllowed = () => plain(405, "method not allowed", { allow: "POST" });
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
