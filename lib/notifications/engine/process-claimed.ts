import type { Delivery } from "@/db/schema";
import { errorMessage, log } from "@/lib/log";
import type { OutboundMessage } from "../channels/types";
import { getNotificationSettings, type ClinicNotificationSettings } from "../settings";
import { fallBackNow } from "../fallback";
import { buildMessage } from "./build-message";
import { decideDelivery, FALL_BACK_ON_SKIP } from "./decide";
import { loadContext, type DeliveryContext } from "./load-context";
import { finish, recordSent } from "./record";
import { sendClaimedDelivery } from "./send-claimed";
import { holdUntilQuietHoursEnd } from "./quiet-hold";
import { deadlineOf, quietHoursHold } from "./timing";
import { nowOf, type DispatchDeps, type DispatchOutcome } from "./types";

/**
 * Sends one claimed delivery: re-checks it is still wanted, renders it in the patient's language and
 * the clinic's zone, calls the channel outside any transaction, and records what happened. One log
 * line per dispatch, with ids and the outcome only (never an address, a name or the text).
 * `preloaded`: its context as the sweep loaded it for the whole claimed batch (loadContexts); without it
 * the context is read here.
 */
export async function processClaimedDelivery(
  deps: DispatchDeps,
  delivery: Delivery,
  cache: Map<string, Promise<ClinicNotificationSettings>> = new Map(),
  preloaded?: DeliveryContext | null,
): Promise<DispatchOutcome> {
  const started = performance.now();
  const outcome = await decideAndSend(deps, delivery, cache, preloaded);
  log.info(
    {
      event: "dispatch",
      deliveryId: delivery.id,
      clinicId: delivery.clinicId,
      type: delivery.notificationType,
      channel: delivery.channel,
      attempt: delivery.attempts,
      outcome,
      ms: Math.round(performance.now() - started),
    },
    "dispatch",
  );
  return outcome;
}

async function decideAndSend(
  deps: DispatchDeps,
  delivery: Delivery,
  cache: Map<string, Promise<ClinicNotificationSettings>>,
  preloaded: DeliveryContext | null | undefined,
): Promise<DispatchOutcome> {
  const { db } = deps;
  const now = nowOf(deps);
  const context = preloaded === undefined ? await loadContext(db, delivery) : preloaded;
  if (!context) {
    await finish(db, delivery, { status: "failed", now, errorCode: "patient_missing" });
    return "failed";
  }
  if (!cache.has(delivery.clinicId)) cache.set(delivery.clinicId, getNotificationSettings(db, { clinicId: delivery.clinicId }));
  const settings = await cache.get(delivery.clinicId)!;
  const verdict = decideDelivery({ delivery, context, settings, now });
  if (!verdict.send) {
    await finish(db, delivery, { status: verdict.status, now, errorCode: verdict.reason, errorMessage: verdict.message });
    if (FALL_BACK_ON_SKIP.has(verdict.reason)) await fallBackNow(db, { delivery, now });
    return verdict.status;
  }
  const heldUntil = quietHoursHold({ delivery, context, quietHours: settings.quietHours, now });
  if (heldUntil) {
    await holdUntilQuietHoursEnd(db, delivery, { until: heldUntil, now });
    return "held";
  }

  let message: OutboundMessage;
  try {
    message = await buildMessage(delivery, context, verdict, now);
  } catch (error) {
    log.error(
      { event: "dispatch.render_failed", deliveryId: delivery.id },
      `[dispatch] render failed for delivery ${delivery.id}: ${errorMessage(error)}`,
    );
    await finish(db, delivery, { status: "failed", now, errorCode: "render_failed" });
    return "failed";
  }

  const attempt = await sendClaimedDelivery(deps, delivery, message, { deadline: deadlineOf(delivery, context.subject) });
  if (!attempt.sent) return attempt.outcome;
  await recordSent(db, delivery, message, attempt.result, nowOf(deps));
  return "sent";
}
