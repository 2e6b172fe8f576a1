import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { deliveries, deliveryEvents, type Channel, type Delivery } from "@/db/schema";
import { runChange } from "@/lib/domain-events/run-change";
import { log } from "@/lib/log";
import { isMarketingType, learnFromProviderError, planFallback } from "./fallback";
import { providerErrorRule } from "./provider-errors";
import { planRetryLater } from "./retry-later";

/** The statuses a provider can report about a message it accepted, in our words. */
export type ProviderStatus = "queued" | "sent" | "delivered" | "read" | "failed" | "undelivered";
export type ProviderStatusSource = "twilio" | "resend" | "reconcile";

/**
 * How far along a message is. A delivery only ever moves to a higher rank, so callbacks that arrive
 * late, out of order or twice change nothing. failed/undelivered share the top rank: they are final
 * (the first one recorded stays). Statuses that are not the provider's to change — scheduled and
 * sending (ours, before and during the send), cancelled, skipped — have no rank, and a row in one of
 * them is never touched by a callback.
 */
export const STATUS_RANK: Record<ProviderStatus, number> = {
  queued: 1,
  sent: 3,
  delivered: 4,
  read: 5,
  failed: 9,
  undelivered: 9,
};

export const FAILURE_STATUSES: ReadonlySet<ProviderStatus> = new Set(["failed", "undelivered"]);

/** `case <status> when 'queued' then 1 … else null end`, generated from STATUS_RANK so SQL and TS agree. */
function rankSql(status: SQL | typeof deliveries.status): SQL {
  const whens = Object.entries(STATUS_RANK).map(([name, rank]) => sql`when ${sql.raw(`'${name}'`)} then ${sql.raw(String(rank))}`);
  return sql`(case ${status} ${sql.join(whens, sql` `)} else null end)`;
}

/**
 * Twilio's message status → ours (INTEGRATIONS.md §2.1). Twilio's `sending` is recorded as `queued`:
 * our `sending` means "claimed by a driver, provider call in flight", and a row left there is
 * re-queued by the sweep's crash recovery. `canceled` (a scheduled message cancelled at Twilio) is a
 * failure with code "canceled". Statuses that say nothing about an outbound message (receiving,
 * received, partially_delivered) map to null: acknowledged, not applied.
 */
export function fromTwilioStatus(
  status: string,
  errorCode: string | null | undefined,
): { status: ProviderStatus; errorCode: string | null } | null {
  const code = errorCode && errorCode !== "0" ? errorCode : null;
  switch (status) {
    case "accepted":
    case "scheduled":
    case "queued":
    case "sending":
      return { status: "queued", errorCode: null };
    case "sent":
    case "delivered":
    case "read":
      return { status, errorCode: null };
    case "failed":
    case "undelivered":
      return { status, errorCode: code };
    case "canceled":
      return { status: "failed", errorCode: "canceled" };
    default:
      return null;
  }
}

const CHANNELS_OF: Record<ProviderStatusSource, Channel[]> = {
  twilio: ["whatsapp", "sms"],
  reconcile: ["whatsapp", "sms"],
  resend: ["email"],
};

/**
 * The delivery a provider's message id belongs to, in ANY clinic. This is the one lookup without a
 * clinic in its WHERE: a provider's callback carries only its own message id, and which clinic it
 * concerns is what we are finding out. Callers must have authenticated the callback (signature)
 * first; everything done with the row afterwards is scoped to the clinic it names.
 */
export async function unsafeFindDeliveryByProviderId(
  db: Db,
  params: { providerMessageId: string; channels: Channel[]; clinicId?: string },
): Promise<Delivery | null> {
  const [row] = await db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.providerMessageId, params.providerMessageId),
        inArray(deliveries.channel, params.channels),
        // The outbox transport's ids are ours, never a provider's.
        eq(deliveries.simulated, false),
        // A callback signed by a clinic's own account speaks only for that clinic's messages.
        params.clinicId ? eq(deliveries.clinicId, params.clinicId) : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

export type ApplyProviderStatusResult =
  /** No delivery has this provider id (e.g. a callback that beat the send's own record). */
  | { outcome: "unknown_message" }
  /** The provider sent this event before (same providerEventId): nothing recorded or changed. */
  | { outcome: "duplicate"; delivery: Delivery }
  /** The event was recorded; `changed` says whether the delivery moved forward. */
  | { outcome: "recorded"; delivery: Delivery; changed: boolean; scheduled: Delivery[] };

/**
 * Applies what a provider reported about one message: records the event (always, with its raw
 * payload) and moves the delivery forward if the new status outranks the current one — in one
 * statement, so concurrent callbacks cannot regress it (the UPDATE re-checks the rank on the row it
 * locks). A repeated event with the same providerEventId (Resend's svix-id) records nothing.
 *
 * What the provider says about the ADDRESS (opted out, unreachable) is learned from every new event
 * carrying such a code. What we do about the MESSAGE happens once, when the delivery moves into
 * failed/undelivered: fall back to the next channel, retry later on the same one (30003/30008), or
 * log a configuration alert (63016). One change (`runChange`): the event, the move and what it planned
 * commit together, `provider.status` is published in it, and the planned rows reach the driver after
 * commit. Returns the deliveries it planned.
 */
export async function applyProviderStatus(
  db: Db,
  params: {
    source: ProviderStatusSource;
    providerMessageId: string;
    status: ProviderStatus;
    errorCode?: string | null;
    payload: unknown;
    providerEventId?: string | null;
    now: Date;
    /** The clinic whose own sender's credentials verified the callback: only its deliveries match. */
    clinicId?: string;
  },
): Promise<ApplyProviderStatusResult> {
  const { source, status, now } = params;
  const errorCode = params.errorCode ?? null;
  const delivery = await unsafeFindDeliveryByProviderId(db, {
    providerMessageId: params.providerMessageId,
    channels: CHANNELS_OF[source],
    clinicId: params.clinicId,
  });
  if (!delivery) return { outcome: "unknown_message" };
  return runChange(db, async (tx, change): Promise<ApplyProviderStatusResult> => {
    const recordEvent = tx
      .insert(deliveryEvents)
      .values({
        deliveryId: delivery.id,
        clinicId: delivery.clinicId,
        status,
        errorCode,
        source,
        providerEventId: params.providerEventId ?? null,
        payload: params.payload ?? null,
        occurredAt: now,
      })
      .onConflictDoNothing({ target: [deliveryEvents.source, deliveryEvents.providerEventId] })
      .returning({ id: deliveryEvents.id });
    const moveForward = tx
      .update(deliveries)
      .set({
        status,
        // The row keeps a code only while it is failed; a forward move clears a stale one.
        errorCode: FAILURE_STATUSES.has(status) ? errorCode : null,
        errorMessage: null,
        updatedAt: now,
      })
      .where(
        and(
          eq(deliveries.id, delivery.id),
          eq(deliveries.clinicId, delivery.clinicId),
          sql`exists (select 1 from recorded)`,
          sql`${rankSql(deliveries.status)} < ${sql.raw(String(STATUS_RANK[status]))}`,
        ),
      )
      .returning({ id: deliveries.id });
    const [result] = await queryRows<{ recorded: number; moved: number }>(
      tx,
      sql`with recorded as (${recordEvent.getSQL()}), moved as (${moveForward.getSQL()})
          select (select count(*) from recorded)::int as recorded, (select count(*) from moved)::int as moved`,
    );
    if (!result || Number(result.recorded) === 0) return { outcome: "duplicate", delivery } as const;
    const changed = Number(result.moved) > 0;

    const rule = providerErrorRule(delivery.channel, errorCode, { marketing: isMarketingType(delivery.notificationType) });
    if (rule.optOut || rule.unreachable || rule.marketingOptOut) {
      await learnFromProviderError(tx, {
        delivery,
        rule: { optOut: rule.optOut, unreachable: rule.unreachable, marketingOptOut: rule.marketingOptOut },
        now,
      });
    }
    const scheduled: Delivery[] = [];
    if (changed && FAILURE_STATUSES.has(status)) {
      if (rule.configError) {
        log.error(
          { event: "provider_status.config_error", deliveryId: delivery.id, errorCode, templateKey: delivery.templateKey },
          `[provider-status] ALERT configuration error ${errorCode} on delivery ${delivery.id} (${delivery.templateKey}): not retried`,
        );
      } else if (rule.retryLater) {
        scheduled.push(...(await planRetryLater(tx, { delivery, now })));
      } else if (rule.fallback) {
        const fallback = await planFallback(tx, { delivery, now });
        if (fallback) scheduled.push(fallback);
      }
    }
    // The engine's own retry or fallback, for the driver after commit; then whoever else listens.
    change.handOver({ scheduled });
    await change.publish({ type: "provider.status", delivery, status, errorCode, changed, now });
    return { outcome: "recorded" as const, delivery: { ...delivery, ...(changed ? { status } : {}) }, changed, scheduled };
  });
}
