import { and, asc, eq, gt, inArray, isNotNull, lt, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, deliveryEvents, type Channel, type Delivery } from "@/db/schema";
import type { TwilioTransport } from "./channels/twilio-transport";
import { ChannelError, type ChannelTransport } from "./channels/types";
import { applyProviderStatus, fromTwilioStatus } from "./apply-provider-status";
import { log } from "@/lib/log";
import { transportOf, type ClinicSenders } from "./engine/types";

/** A delivery without news from Twilio this long after its send is asked about. */
export const RECONCILE_AFTER_MS = 15 * 60_000;
/** Older than this, a message still "sent" will not change any more (SMS carriers often send no receipt). */
export const RECONCILE_MAX_AGE_MS = 72 * 3_600_000;
const DEFAULT_LIMIT = 50;

type StatusLookup = Pick<TwilioTransport, "fetchStatus">;

function statusLookupOf(transport: ChannelTransport): StatusLookup | null {
  const candidate = transport as Partial<StatusLookup>;
  return typeof candidate.fetchStatus === "function" ? (candidate as StatusLookup) : null;
}

export interface ReconcileResult {
  checked: number;
  changed: number;
  failedLookups: number;
  /** Fallbacks and retries planned for messages found failed: the caller tells the driver. */
  scheduled: Delivery[];
}

/**
 * Callbacks can be missed (our endpoint down, a callback that arrived before the send was recorded,
 * no PUBLIC_BASE_URL): WhatsApp/SMS deliveries still queued or sent `olderThanMs` after their send are
 * asked about at Twilio (`fetchStatus`) and the answer applied like a callback (source "reconcile").
 *
 * Every lookup is recorded as a delivery event, and a delivery is asked again only after half its age
 * (at least `olderThanMs`): 15 min, 30 min, 1 h, 2 h … after the send, until RECONCILE_MAX_AGE_MS. So
 * the every-few-seconds embedded sweep can call this, and several processes can, without asking
 * Twilio about the same message over and over. `clinicIds` scopes it (tests share one database).
 * A failed lookup is logged and recorded, never thrown: one bad message does not stop the others.
 */
export async function reconcileStaleDeliveries(
  deps: { db: Db; transports: Record<Channel, ChannelTransport>; senders?: ClinicSenders },
  params: { now: Date; olderThanMs?: number; maxAgeMs?: number; limit?: number; clinicIds?: string[] },
): Promise<ReconcileResult> {
  const { db, transports } = deps;
  const { now } = params;
  const olderThanMs = params.olderThanMs ?? RECONCILE_AFTER_MS;
  const result: ReconcileResult = { checked: 0, changed: 0, failedLookups: 0, scheduled: [] };
  // With per-clinic senders any clinic may be on Twilio (its own account) even when Luna's sender is the outbox.
  const channels = (["whatsapp", "sms"] as const).filter((channel) => deps.senders || statusLookupOf(transports[channel]));
  if (channels.length === 0) return result;

  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const recentlyAsked = db
    .select({ one: sql`1` })
    .from(deliveryEvents)
    .where(
      and(
        eq(deliveryEvents.deliveryId, deliveries.id),
        eq(deliveryEvents.source, "reconcile"),
        sql`${deliveryEvents.occurredAt} > ${nowSql} - greatest(${olderThanMs} * interval '1 millisecond', (${nowSql} - ${deliveries.lastAttemptAt}) / 2)`,
      ),
    );
  const stale = await db
    .select()
    .from(deliveries)
    .where(
      and(
        inArray(deliveries.channel, channels),
        inArray(deliveries.status, ["queued", "sent"]),
        eq(deliveries.simulated, false),
        isNotNull(deliveries.providerMessageId),
        lt(deliveries.lastAttemptAt, new Date(now.getTime() - olderThanMs)),
        gt(deliveries.lastAttemptAt, new Date(now.getTime() - (params.maxAgeMs ?? RECONCILE_MAX_AGE_MS))),
        notExists(recentlyAsked),
        ...(params.clinicIds ? [inArray(deliveries.clinicId, params.clinicIds)] : []),
      ),
    )
    .orderBy(asc(deliveries.lastAttemptAt))
    .limit(params.limit ?? DEFAULT_LIMIT);

  for (const delivery of stale) {
    const sid = delivery.providerMessageId!;
    // The message is asked about on the account that sent it (the clinic's own, or Luna's).
    const lookup = statusLookupOf(await transportOf(deps, delivery));
    if (!lookup) continue;
    result.checked++;
    let found: Awaited<ReturnType<StatusLookup["fetchStatus"]>>;
    try {
      found = await lookup.fetchStatus(sid);
    } catch (error) {
      result.failedLookups++;
      const code = error instanceof ChannelError ? error.code : "unexpected";
      log.error(
        { event: "reconcile.lookup_failed", deliveryId: delivery.id, providerMessageId: sid, code },
        `[reconcile] status lookup failed for delivery ${delivery.id} (${sid}): ${code}`,
      );
      // Recorded so the back-off above applies to failed lookups too.
      await db.insert(deliveryEvents).values({
        deliveryId: delivery.id,
        clinicId: delivery.clinicId,
        status: delivery.status,
        errorCode: "status_lookup_failed",
        source: "reconcile",
        payload: { error: code },
        occurredAt: now,
      });
      continue;
    }
    // A status that says nothing new (e.g. Twilio's "receiving") is still recorded, as the status we have.
    const mapped = fromTwilioStatus(found.status, found.errorCode) ?? {
      status: delivery.status === "sent" ? ("sent" as const) : ("queued" as const),
      errorCode: null,
    };
    const applied = await applyProviderStatus(db, {
      source: "reconcile",
      providerMessageId: sid,
      status: mapped.status,
      errorCode: mapped.errorCode,
      payload: { MessageSid: found.sid, MessageStatus: found.status, ErrorCode: found.errorCode },
      now,
    });
    if (applied.outcome === "recorded") {
      if (applied.changed) result.changed++;
      result.scheduled.push(...applied.scheduled);
    }
  }
  return result;
}
