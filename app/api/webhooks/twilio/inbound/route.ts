import { getDb } from "@/db/client";
import { sqlStateOf } from "@/lib/errors";
import { handleInboundMessage, type InboundOutcome } from "@/lib/inbound/handle-inbound-message";
import { inboundFormSchema } from "@/lib/inbound/schemas";
import { emptyTwiml, verifyTwilioWebhook } from "@/lib/webhooks/twilio-signature";
import { log } from "@/lib/log";

// Twilio's SDK (signature check) needs Node's crypto; the handler must see every request (no caching).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function plain(status: number, body: string, headers: Record<string, string> = {}) {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });
}

/** What an error may say in a log: its name and SQLSTATE. Driver messages quote query parameters (phones, bodies). */
function errorLabel(error: unknown) {
  const state = sqlStateOf(error);
  const name = error instanceof Error ? error.name : typeof error;
  return state ? `${name} ${state}` : name;
}

function describe(messageSid: string, outcome: InboundOutcome) {
  if (outcome.kind === "unknown_sender") return `[inbound] ${messageSid} (${outcome.channel}): unknown sender, nothing changed`;
  if (outcome.kind === "duplicate") return `[inbound] ${messageSid} (${outcome.channel}): already handled, nothing changed`;
  const appointment = outcome.appointmentId ? ` appointment=${outcome.appointmentId}` : "";
  const unmatched = outcome.unmatched ? ` unmatched=${outcome.unmatched}` : "";
  return `[inbound] ${messageSid} (${outcome.channel}): clinic=${outcome.clinicId} patient=${outcome.patientId} intent=${outcome.intent}${appointment}${unmatched} planned=${outcome.scheduled.length}`;
}

/**
 * Twilio's incoming-message webhook for WhatsApp and SMS (set it on the sender or the Messaging Service:
 * PUBLIC_BASE_URL + /api/webhooks/twilio/inbound). Thin: verify, validate, hand over to
 * `handleInboundMessage` (which tells the driver after commit), answer with empty TwiML. Logs carry ids only.
 */
export async function POST(request: Request) {
  try {
    const db = await getDb();
    const verified = await verifyTwilioWebhook(request, { logPrefix: "[inbound]", db });
    if (!verified.ok) return verified.response;

    const parsed = inboundFormSchema.safeParse(verified.form);
    if (!parsed.success) {
      log.warn(
        { event: "inbound.malformed" },
        `[inbound] rejected: signed but malformed (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")})`,
      );
      return plain(400, "Bad request");
    }
    const messageSid = parsed.data.MessageSid;

    let outcome: InboundOutcome;
    try {
      outcome = await handleInboundMessage(db, { form: parsed.data, sender: verified.sender, now: new Date() });
    } catch (error) {
      // Rolled back: nothing was stored, so Twilio's retry (or its fallback URL) starts clean.
      log.error({ event: "inbound.failed", messageSid }, `[inbound] ${messageSid} failed (${errorLabel(error)})`);
      return plain(500, "Error");
    }
    log.info({ event: "inbound.handled", messageSid }, describe(messageSid, outcome));
    // What the reply changed (a cancelled visit's timers, its notice, a STOP's confirmation) reached the
    // driver after commit: handleInboundMessage runs as one change (lib/domain-events/run-change.ts).
    return emptyTwiml();
  } catch (error) {
    log.error({ event: "inbound.failed" }, `[inbound] failed (${errorLabel(error)})`);
    return plain(500, "Error");
  }
}

function methodNotAllowed() {
  return plain(405, "Method not allowed", { allow: "POST" });
}

export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
