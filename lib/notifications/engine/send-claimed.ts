import type { Delivery } from "@/db/schema";
import { log } from "@/lib/log";
import { ChannelError, type OutboundMessage, type SendResult } from "../channels/types";
import { fallBackNow, isMarketingType, learnFromProviderError } from "../fallback";
import { providerErrorRule } from "../provider-errors";
import { DEFAULT_LEASE_MS, markSendStarted, PROCESS_WORKER_ID } from "./lease";
import { PACING_HORIZON_MS } from "./pacing";
import { finish } from "./record";
import { defaultBackoffMs, nowOf, transportOf, type DispatchDeps } from "./types";

/** A safety cap: retries are otherwise bounded by the message's deadline. */
const DEFAULT_MAX_ATTEMPTS = 50;
/**
 * Rows from before the send stamp existed: these codes meant "the provider may have accepted it".
 * New rows carry `send_started_at` instead.
 */
const LEGACY_AMBIGUOUS_ERRORS = new Set(["network", "unexpected", "recovered_after_crash"]);
/** The longest a send waits for its pacing slot before its row goes back to the table. */
const PACING_MAX_WAIT_MS = 2 * PACING_HORIZON_MS;
/** How far before the first ambiguous attempt `findSent` looks (clock skew between us and the provider). */
const FIND_SENT_MARGIN_MS = 60_000;

/** Either the provider took the message (the caller records it), or the row was moved on (retry or failed), or it is no longer ours. */
export type SendAttempt = { sent: true; result: SendResult } | { sent: false; outcome: "retry" | "failed" | "not_claimed" };

/** Until when this message may be retried, and from when its fallback takes over (engine/timing.ts). */
export interface SendTiming {
  deadline?: Date;
}

/**
 * Hands a claimed, rendered message to its channel, exactly once as far as the provider lets us know:
 *  1. re-checks the claim and stamps the send (lease.ts) — a worker that lost its lease never sends;
 *  2. waits for the sender's pacing slot (shared by every process), right before the provider call;
 *  3. when an earlier attempt may have been accepted (crash, timeout, 502/503/504), asks the provider
 *     (`findSent`) and records what it finds instead of sending again;
 *  4. on an error: learns from it; a retryable one is tried again with back-off while the message's
 *     first half-life to its deadline lasts, then the next channel takes over (or, when there is none,
 *     retries go on until the deadline); only then does the row fail, with the provider's code.
 */
export async function sendClaimedDelivery(
  deps: DispatchDeps,
  delivery: Delivery,
  message: OutboundMessage,
  timing: SendTiming = {},
): Promise<SendAttempt> {
  const { db } = deps;
  const transport = await transportOf(deps, delivery);
  const owner = delivery.leaseOwner ?? deps.workerId ?? PROCESS_WORKER_ID;
  const senderKey = transport.senderKey?.(delivery.channel);

  // The stamp comes before the pacing wait, so the wait is the last thing between the slot and the
  // provider: a database round trip after the slot would bunch sends up at the provider. The lease
  // must outlast the longest wait, so nobody can recover the row while it waits.
  const startedAt = nowOf(deps);
  // At most half the lease, so a short DISPATCH_LEASE_MS never refuses every stamp: a slot further away
  // than that puts the row back instead.
  const maxWaitMs = deps.pacer && senderKey ? Math.min(PACING_MAX_WAIT_MS, (deps.leaseMs ?? DEFAULT_LEASE_MS) / 2) : 0;
  if (!(await markSendStarted(db, { deliveryId: delivery.id, owner, now: startedAt, validForMs: maxWaitMs }))) {
    log.warn({ deliveryId: delivery.id, code: "lease_lost" }, "claim lost before the send; not sending");
    return { sent: false, outcome: "not_claimed" };
  }
  const pausedUntil = deps.pacer && senderKey ? await deps.pacer.acquire(senderKey, delivery.channel, maxWaitMs) : null;
  if (pausedUntil) {
    // The sender is paused (a 429's Retry-After): back to the table until then; not an attempt, and the
    // row keeps the stamp it had (none, unless an earlier attempt's answer is still unknown).
    await finish(db, delivery, {
      status: "scheduled",
      now: nowOf(deps),
      errorCode: delivery.errorCode,
      errorMessage: delivery.errorMessage,
      set: { nextAttemptAt: pausedUntil, attempts: Math.max(0, delivery.attempts - 1), sendStartedAt: delivery.sendStartedAt },
    });
    return { sent: false, outcome: "retry" };
  }

  const mayBeOut =
    delivery.sendStartedAt ?? (LEGACY_AMBIGUOUS_ERRORS.has(delivery.errorCode ?? "") ? (delivery.lastAttemptAt ?? delivery.sendAt) : null);
  // From the first attempt whose answer we never got; this one's if none.
  const firstStarted = mayBeOut ?? startedAt;
  try {
    const previous =
      mayBeOut && transport.findSent ? await transport.findSent(message, new Date(mayBeOut.getTime() - FIND_SENT_MARGIN_MS)) : null;
    if (previous)
      log.info({ deliveryId: delivery.id, code: "found_sent" }, "an earlier attempt had been accepted; recorded, not sent again");
    return { sent: true, result: previous ?? (await transport.send(message)) };
  } catch (caught) {
    const error =
      caught instanceof ChannelError
        ? caught
        : // A bug or an unknown failure after the request may have gone out: treat it as ambiguous.
          new ChannelError("unexpected", caught instanceof Error ? caught.message : String(caught), { retryable: true, ambiguous: true });
    const after = nowOf(deps);
    // Ambiguous: keep the stamp, so the next attempt asks first. Definite: clear it.
    const stamp = { sendStartedAt: error.ambiguous ? firstStarted : null };
    if (error.options.retryAfterMs !== undefined && senderKey && deps.pacer) {
      await deps.pacer.slowDown(senderKey, error.options.retryAfterMs);
    }
    const marketing = isMarketingType(delivery.notificationType);
    const rule = providerErrorRule(delivery.channel, error.code, { marketing });
    // On a marketing message, stop promotions and the per-user limit are not a transactional opt-out.
    const marketingCode = rule.marketingOptOut || rule.marketingLimited;
    const learned = {
      optOut: marketingCode ? false : error.options.optOut || rule.optOut,
      unreachable: error.options.unreachable || rule.unreachable,
      marketingOptOut: rule.marketingOptOut,
    };
    await learnFromProviderError(db, { delivery, rule: learned, now: after });
    if (rule.configError) {
      log.error(
        { deliveryId: delivery.id, code: error.code, templateKey: delivery.templateKey },
        "provider configuration error: not retried",
      );
    }
    const errorMessage = error.message.slice(0, 500);
    if (error.retryable && !rule.configError && !marketingCode && delivery.attempts < (deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
      const wait = Math.max((deps.backoffMs ?? defaultBackoffMs)(delivery.attempts), error.options.retryAfterMs ?? 0);
      const nextAttemptAt = new Date(after.getTime() + wait);
      const deadline = timing.deadline;
      const handOverAt = deadline ? new Date(delivery.sendAt.getTime() + (deadline.getTime() - delivery.sendAt.getTime()) / 2) : null;
      const fallback =
        deadline && handOverAt && nextAttemptAt > handOverAt && nextAttemptAt <= deadline
          ? await fallBackNow(db, { delivery, now: after })
          : null;
      if (!fallback && (!deadline || nextAttemptAt <= deadline)) {
        await finish(db, delivery, {
          status: "scheduled",
          now: after,
          errorCode: error.code,
          errorMessage,
          set: { nextAttemptAt, ...stamp },
        });
        return { sent: false, outcome: "retry" };
      }
      // Past the hand-over point with a fallback planned, or past the deadline: fail, with the reason.
      const why = fallback ? "handed to the next channel" : "deadline passed";
      await finish(db, delivery, {
        status: "failed",
        now: after,
        errorCode: error.code,
        errorMessage: `Retries stopped (${why}): ${errorMessage}`.slice(0, 500),
        set: stamp,
      });
      return { sent: false, outcome: "failed" };
    }
    await finish(db, delivery, { status: "failed", now: after, errorCode: error.code, errorMessage, set: stamp });
    if (rule.fallback || (learned.unreachable && delivery.channel !== "email")) await fallBackNow(db, { delivery, now: after });
    return { sent: false, outcome: "failed" };
  }
}
