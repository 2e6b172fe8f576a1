import { z } from "zod";
import { getDb } from "@/db/client";
import { sqlStateOf } from "@/lib/errors";
import { applyProviderStatus, fromTwilioStatus } from "@/lib/notifications/apply-provider-status";
import { emptyTwiml, twilioCallbackEventId, verifyTwilioWebhook } from "@/lib/webhooks/twilio-signature";
import { log } from "@/lib/log";

// The Twilio SDK (signature check) needs Node, not Edge.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The fields we use; Twilio posts more (and adds new ones), all covered by the signature. */
const statusCallbackSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  MessageStatus: z.string().min(1).max(40),
  ErrorCode: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
});

const plain = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

/** An error as a log may show it: name and SQLSTATE, never the message (a failed query's lists its parameters). */
const errorLabel = (error: unknown) => [error instanceof Error ? error.name : typeof error, sqlStateOf(error)].filter(Boolean).join(" ");

/**
 * Twilio's status callback for WhatsApp and SMS messages (INTEGRATIONS.md §2.1, §2.3). Verified with
 * X-Twilio-Signature over the public URL Twilio called (PUBLIC_BASE_URL + path + query, never the
 * Host header) and every posted parameter; then the status is applied (forward only, idempotent) and
 * Twilio gets an empty TwiML answer. Unknown message ids are acknowledged: they are not ours to retry.
 * Logs carry ids only (the form has phone numbers).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const db = await getDb();
    const verified = await verifyTwilioWebhook(request, { logPrefix: "[webhooks/twilio] status", db });
    if (!verified.ok) return verified.response;

    const parsed = statusCallbackSchema.safeParse(verified.form);
    if (!parsed.success) return plain(400, "Bad request");
    const { MessageSid: sid, MessageStatus: rawStatus, ErrorCode: rawCode } = parsed.data;
    const mapped = fromTwilioStatus(rawStatus, rawCode);
    if (!mapped) return emptyTwiml();
    // One event per distinct signed callback: the key is what the signature covers (every posted
    // parameter), so a retry or a replay is recorded once whatever I-Twilio-Idempotency-Token it
    // carries (that header is not signed, and some callbacks have none).
    const providerEventId = twilioCallbackEventId(verified.form);

    let result: Awaited<ReturnType<typeof applyProviderStatus>>;
    try {
      result = await applyProviderStatus(db, {
        source: "twilio",
        providerMessageId: sid,
        status: mapped.status,
        errorCode: mapped.errorCode,
        payload: { ...verified.form },
        providerEventId,
        now: new Date(),
        // Signed by a clinic's own account: only that clinic's messages.
        ...(verified.sender.kind === "own" ? { clinicId: verified.sender.clinicId } : {}),
      });
    } catch (error) {
      log.error(
        { event: "webhook.twilio.status_not_applied", providerMessageId: sid },
        `[webhooks/twilio] status ${rawStatus} for ${sid} not applied (${errorLabel(error)})`,
      );
      return plain(500, "Error");
    }
    if (result.outcome === "unknown_message") {
      log.warn(
        { event: "webhook.twilio.unknown_message", providerMessageId: sid },
        `[webhooks/twilio] status ${rawStatus} for unknown message ${sid}: acknowledged, nothing changed`,
      );
    }
    // What the status planned (a retry, a fallback) was handed to the driver after commit by applyProviderStatus.
    return emptyTwiml();
  } catch (error) {
    log.error({ event: "webhook.twilio.status_failed" }, `[webhooks/twilio] status failed (${errorLabel(error)})`);
    return plain(500, "Error");
  }
}

const methodNotAllowed = () => plain(405, "method not allowed", { allow: "POST" });
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
