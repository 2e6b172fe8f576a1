import { and, asc, eq, inArray, lt, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  appointments,
  clinics,
  deliveries,
  deliveryEvents,
  patients,
  secureLinks,
  users,
  type Channel,
  type Delivery,
} from "@/db/schema";
import { ChannelError, type ChannelTransport, type OutboundMessage, type SendResult } from "./channels/types";
import { renderMessage } from "./render-message";
import { getNotificationSettings, type ClinicNotificationSettings } from "./settings";
import { NOTIFICATION_REGISTRY, type AppointmentVariant, type NotificationType } from "./registry";
import { channelUsable, fallBackUndeliveredTimeCritical, learnFromProviderError, planFallback } from "./fallback";
import { providerErrorRule } from "./provider-errors";
import { reconcileStaleDeliveries } from "./reconcile";

export interface DispatchDeps {
  db: Db;
  transports: Record<Channel, ChannelTransport>;
  now?: () => Date;
  /** Attempts before a retryable failure becomes final (default 5). */
  maxAttempts?: number;
  /** Back-off before attempt n+1 (default 30 s × 2^(n-1), capped at 30 min, ±20 % jitter). */
  backoffMs?: (attempt: number) => number;
}

export type DispatchOutcome = "sent" | "skipped" | "cancelled" | "retry" | "failed" | "not_claimed";

const DEFAULT_MAX_ATTEMPTS = 5;
/** Failures after which the provider may or may not have accepted the message. */
const AMBIGUOUS_ERRORS = new Set(["network", "unexpected", "recovered_after_crash"]);
/** A row left in `sending` this long is taken to be from a crashed run. */
export const STUCK_AFTER_MS = 5 * 60_000;

export function defaultBackoffMs(attempt: number) {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 30 * 60_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

const nowOf = (deps: DispatchDeps) => (deps.now ? deps.now() : new Date());

/** scheduled → sending, atomically, only when due: of two drivers, exactly one gets the row. */
export async function claimDelivery(db: Db, params: { deliveryId: string; now: Date }): Promise<Delivery | null> {
  const [row] = await db
    .update(deliveries)
    .set({ status: "sending", attempts: sql`${deliveries.attempts} + 1`, lastAttemptAt: params.now, updatedAt: params.now })
    .where(and(eq(deliveries.id, params.deliveryId), eq(deliveries.status, "scheduled"), lte(deliveries.nextAttemptAt, params.now)))
    .returning();
  return row ?? null;
}

/** Limits a sweep to some clinics (tests and benchmarks share one database); drivers sweep all. */
export interface SweepScope {
  clinicIds?: string[];
}

const inScope = (scope?: SweepScope) => (scope?.clinicIds ? [inArray(deliveries.clinicId, scope.clinicIds)] : []);

/** Claims up to `limit` due rows; concurrent sweepers skip each other's locked rows. */
export async function claimDueDeliveries(db: Db, params: { now: Date; limit: number; scope?: SweepScope }): Promise<Delivery[]> {
  const due = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.status, "scheduled"), lte(deliveries.nextAttemptAt, params.now), ...inScope(params.scope)))
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  return db
    .update(deliveries)
    .set({ status: "sending", attempts: sql`${deliveries.attempts} + 1`, lastAttemptAt: params.now, updatedAt: params.now })
    .where(and(inArray(deliveries.id, due), eq(deliveries.status, "scheduled")))
    .returning();
}

interface DeliveryContext {
  patient: typeof patients.$inferSelect;
  clinic: { name: string; timezone: string };
  appointment: (typeof appointments.$inferSelect & { doctorName: string }) | null;
  /** Patient-link messages (trigger "link"): the link's state now (null when missing). */
  link?: { revokedAt: Date | null; expiresAt: Date } | null;
}

/** What a patient-link delivery carries from planning (see planLinkNotification). */
export function linkVariablesOf(delivery: Pick<Delivery, "variables">) {
  const v = delivery.variables ?? {};
  return { linkId: v.linkId, linkUrl: v.linkUrl, linkDays: v.linkDays ? Number(v.linkDays) : undefined, doctorName: v.doctorName };
}

async function loadLinkState(db: Db, delivery: Delivery) {
  const { linkId } = linkVariablesOf(delivery);
  if (!linkId) return null;
  const [link] = await db
    .select({ revokedAt: secureLinks.revokedAt, expiresAt: secureLinks.expiresAt })
    .from(secureLinks)
    .where(and(eq(secureLinks.id, linkId), eq(secureLinks.clinicId, delivery.clinicId), eq(secureLinks.patientId, delivery.patientId)))
    .limit(1);
  return link ?? null;
}

/**
 * The context query, built once per database handle: it runs once per delivery, and building it with
 * the query builder cost more CPU than the database spent answering it (docs/benchmarks.md). Prepared,
 * postgres.js also keeps its parsed statement per connection.
 */
function buildContextQuery(db: Db) {
  return db
    .select({ patient: patients, clinicName: clinics.name, timezone: clinics.timezone, appointment: appointments, doctorName: users.name })
    .from(patients)
    .innerJoin(clinics, eq(clinics.id, patients.clinicId))
    .leftJoin(
      appointments,
      and(eq(appointments.id, sql`${sql.placeholder("appointmentId")}::uuid`), eq(appointments.clinicId, sql.placeholder("clinicId"))),
    )
    .leftJoin(users, eq(users.id, appointments.doctorId))
    .where(and(eq(patients.id, sql.placeholder("patientId")), eq(patients.clinicId, sql.placeholder("clinicId"))))
    .limit(1)
    .prepare("dispatch_load_context");
}

const contextQueries = new WeakMap<Db, ReturnType<typeof buildContextQuery>>();

/** The patient, clinic, appointment and doctor of a delivery, in one round trip. */
async function loadContext(db: Db, delivery: Delivery): Promise<DeliveryContext | null> {
  let query = contextQueries.get(db);
  if (!query) contextQueries.set(db, (query = buildContextQuery(db)));
  const [row] = await query.execute({
    appointmentId: delivery.appointmentId,
    clinicId: delivery.clinicId,
    patientId: delivery.patientId,
  });
  if (!row) return null;
  return {
    patient: row.patient,
    clinic: { name: row.clinicName, timezone: row.timezone },
    appointment: row.appointment ? { ...row.appointment, doctorName: row.doctorName ?? "" } : null,
  };
}

type Verdict = { send: true } | { send: false; status: "skipped" | "cancelled"; reason: string };

/** Is this message still wanted, now? Pure over the freshly read state. */
export function decideDelivery(params: {
  delivery: Pick<Delivery, "notificationType" | "channel" | "appointmentVersion">;
  context: DeliveryContext;
  settings: ClinicNotificationSettings;
  now: Date;
}): Verdict {
  const { delivery, context, settings, now } = params;
  const type = delivery.notificationType as NotificationType;
  const definition = NOTIFICATION_REGISTRY[type];
  const { appointment, patient } = context;
  if (!definition) return { send: false, status: "skipped", reason: "unknown_type" };
  if (definition.trigger === "patient_reply") {
    // The answer to the patient's own STOP/START goes on the channel they wrote on, whatever the settings.
    const usable = channelUsable(patient, delivery.channel, now);
    if (!usable.usable && !(type === "opt_out_confirmation" && usable.reason === "opted_out")) {
      return { send: false, status: "skipped", reason: usable.reason };
    }
    return { send: true };
  }
  if (definition.trigger === "link") {
    // A link revoked or expired before the message went out: the message would only lead to "expired".
    if (!context.link) return { send: false, status: "cancelled", reason: "link_missing" };
    if (context.link.revokedAt) return { send: false, status: "cancelled", reason: "link_revoked" };
    if (context.link.expiresAt.getTime() <= now.getTime()) return { send: false, status: "cancelled", reason: "link_expired" };
    if (!settings.channels[type]?.[delivery.channel]) return { send: false, status: "skipped", reason: "setting_off" };
    const usable = channelUsable(patient, delivery.channel, now);
    if (!usable.usable) return { send: false, status: "skipped", reason: usable.reason };
    return { send: true };
  }
  if (!appointment) return { send: false, status: "cancelled", reason: "appointment_missing" };
  if (type !== "cancellation") {
    if (appointment.status === "cancelled") return { send: false, status: "cancelled", reason: "appointment_cancelled" };
    if (delivery.appointmentVersion !== appointment.version) return { send: false, status: "cancelled", reason: "stale_version" };
    if (appointment.startsAt.getTime() <= now.getTime()) return { send: false, status: "skipped", reason: "too_late" };
  } else if (appointment.status !== "cancelled") {
    return { send: false, status: "cancelled", reason: "appointment_not_cancelled" };
  }
  if (!settings.channels[type]?.[delivery.channel]) return { send: false, status: "skipped", reason: "setting_off" };
  const usable = channelUsable(patient, delivery.channel, now);
  if (!usable.usable) return { send: false, status: "skipped", reason: usable.reason };
  return { send: true };
}

/**
 * Skips for these reasons hand the message to the next allowed channel (WhatsApp → SMS → email): the
 * patient cannot or will not be reached on this one, or the clinic moved the type off it since planning.
 */
const FALL_BACK_ON_SKIP = new Set(["whatsapp_unreachable", "sms_unreachable", "email_bounced", "opted_out", "setting_off", "no_address"]);

async function buildMessage(delivery: Delivery, context: DeliveryContext, now: Date): Promise<OutboundMessage> {
  const { appointment, patient, clinic } = context;
  const type = delivery.notificationType as NotificationType;
  if (!appointment && NOTIFICATION_REGISTRY[type]?.trigger === "appointment") {
    throw new Error(`delivery ${delivery.id} has no appointment to render`);
  }
  const locale = patient.preferredLocale;
  const link = linkVariablesOf(delivery);
  const rendered = await renderMessage({
    type,
    variant: (appointment?.kind ?? "in_person") as AppointmentVariant,
    locale,
    // A reply confirmation names only the patient and the clinic; the visit fields are not in its template.
    vars: {
      firstName: patient.firstName,
      doctorName: appointment?.doctorName ?? link.doctorName ?? clinic.name,
      clinicName: clinic.name,
      startsAt: appointment?.startsAt ?? now,
      timeZone: clinic.timezone,
      now,
      videoUrl: appointment?.videoUrl ?? undefined,
      linkUrl: link.linkUrl,
      linkDays: link.linkDays,
    },
    withEmail: delivery.channel === "email",
  });
  return {
    deliveryId: delivery.id,
    channel: delivery.channel,
    to: delivery.channel === "email" ? (patient.email ?? "") : patient.phone,
    locale,
    templateKey: rendered.templateKey,
    text: rendered.text,
    contentVariables: rendered.contentVariables,
    email: "email" in rendered ? rendered.email : undefined,
  };
}

/** Moves a claimed row to its outcome and appends the event, in one statement. */
async function finish(
  db: Db,
  delivery: Delivery,
  params: {
    status: Delivery["status"];
    now: Date;
    errorCode?: string | null;
    errorMessage?: string | null;
    set?: Partial<typeof deliveries.$inferInsert>;
    source?: string;
    payload?: unknown;
  },
) {
  const update = db
    .update(deliveries)
    .set({ status: params.status, errorCode: params.errorCode ?? null, errorMessage: params.errorMessage ?? null, updatedAt: params.now, ...params.set })
    .where(and(eq(deliveries.id, delivery.id), eq(deliveries.status, "sending")))
    .returning({ id: deliveries.id, clinicId: deliveries.clinicId });
  const payload = params.payload === undefined ? null : JSON.stringify(params.payload);
  await db.execute(sql`
    with moved as (${update.getSQL()})
    insert into ${deliveryEvents} (delivery_id, clinic_id, status, error_code, source, payload, occurred_at)
    select moved.id, moved.clinic_id, ${params.status}::delivery_status, ${params.errorCode ?? null}, ${params.source ?? "system"}, ${payload}::jsonb, ${params.now.toISOString()}::timestamptz
    from moved`);
}

async function recordSent(db: Db, delivery: Delivery, message: OutboundMessage, result: SendResult, now: Date, source = "system") {
  await finish(db, delivery, {
    status: result.status,
    now,
    source,
    set: {
      providerMessageId: result.providerMessageId,
      simulated: result.simulated,
      // A link message keeps what it was planned with (link id, URL, days) beside the filled variables.
      variables: delivery.variables?.linkUrl ? { ...delivery.variables, ...message.contentVariables } : message.contentVariables,
      locale: message.locale,
      templateKey: message.templateKey,
    },
    payload: { providerMessageId: result.providerMessageId, simulated: result.simulated },
  });
}

/**
 * Sends one claimed delivery: re-checks it is still wanted, renders it in the patient's language and
 * the clinic's zone, calls the channel outside any transaction, and records what happened.
 */
export async function processClaimedDelivery(
  deps: DispatchDeps,
  delivery: Delivery,
  cache: Map<string, Promise<ClinicNotificationSettings>> = new Map(),
): Promise<DispatchOutcome> {
  const { db } = deps;
  const now = nowOf(deps);
  const context = await loadContext(db, delivery);
  if (!context) {
    await finish(db, delivery, { status: "failed", now, errorCode: "patient_missing" });
    return "failed";
  }
  if (NOTIFICATION_REGISTRY[delivery.notificationType as NotificationType]?.trigger === "link") {
    context.link = await loadLinkState(db, delivery);
  }
  if (!cache.has(delivery.clinicId)) cache.set(delivery.clinicId, getNotificationSettings(db, { clinicId: delivery.clinicId }));
  const settings = await cache.get(delivery.clinicId)!;
  const verdict = decideDelivery({ delivery, context, settings, now });
  if (!verdict.send) {
    await finish(db, delivery, { status: verdict.status, now, errorCode: verdict.reason });
    if (FALL_BACK_ON_SKIP.has(verdict.reason)) await planFallback(db, { delivery, now });
    return verdict.status;
  }

  let message: OutboundMessage;
  try {
    message = await buildMessage(delivery, context, now);
  } catch (error) {
    console.error(`[dispatch] render failed for delivery ${delivery.id}:`, error instanceof Error ? error.message : error);
    await finish(db, delivery, { status: "failed", now, errorCode: "render_failed" });
    return "failed";
  }

  const transport = deps.transports[delivery.channel];
  let result: SendResult;
  try {
    // A network error may have hidden a request the provider did accept: ask before sending again.
    const previous = AMBIGUOUS_ERRORS.has(delivery.errorCode ?? "") && transport.findSent && delivery.lastAttemptAt
      ? await transport.findSent(message, new Date(delivery.sendAt.getTime() - 60_000))
      : null;
    result = previous ?? (await transport.send(message));
  } catch (caught) {
    const error =
      caught instanceof ChannelError
        ? caught
        : new ChannelError("unexpected", caught instanceof Error ? caught.message : String(caught), { retryable: true });
    const after = nowOf(deps);
    const rule = providerErrorRule(delivery.channel, error.code);
    const learned = {
      optOut: error.options.optOut || rule.optOut,
      unreachable: error.options.unreachable || rule.unreachable,
    };
    await learnFromProviderError(db, { delivery, rule: learned, now: after });
    if (rule.configError) {
      console.error(`[dispatch] configuration error ${error.code} on delivery ${delivery.id} (${delivery.templateKey}): not retried`);
    }
    const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (error.retryable && !rule.configError && delivery.attempts < maxAttempts) {
      const wait = (deps.backoffMs ?? defaultBackoffMs)(delivery.attempts);
      await finish(db, delivery, {
        status: "scheduled",
        now: after,
        errorCode: error.code,
        errorMessage: error.message.slice(0, 500),
        set: { nextAttemptAt: new Date(after.getTime() + wait) },
      });
      return "retry";
    }
    await finish(db, delivery, { status: "failed", now: after, errorCode: error.code, errorMessage: error.message.slice(0, 500) });
    if (rule.fallback || (learned.unreachable && delivery.channel !== "email")) await planFallback(db, { delivery, now: after });
    return "failed";
  }
  await recordSent(db, delivery, message, result, nowOf(deps));
  return "sent";
}

/** Claims and sends one delivery (the Inngest per-delivery function calls this after its sleep). */
export async function dispatchDelivery(deps: DispatchDeps, deliveryId: string): Promise<DispatchOutcome> {
  const claimed = await claimDelivery(deps.db, { deliveryId, now: nowOf(deps) });
  if (!claimed) return "not_claimed";
  return processClaimedDelivery(deps, claimed);
}

/**
 * Rows stuck in `sending` (a crash between claim and record): if the provider already accepted a
 * message for the delivery it is recorded, not sent again; otherwise the row goes back to `scheduled`.
 */
export async function recoverStuckDeliveries(
  deps: DispatchDeps,
  params: { stuckAfterMs?: number; limit?: number; scope?: SweepScope } = {},
) {
  const { db } = deps;
  const now = nowOf(deps);
  const cutoff = new Date(now.getTime() - (params.stuckAfterMs ?? STUCK_AFTER_MS));
  const stuck = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.status, "sending"), lt(deliveries.lastAttemptAt, cutoff), ...inScope(params.scope)))
    .limit(params.limit ?? 100);
  let recorded = 0;
  let requeued = 0;
  for (const delivery of stuck) {
    const transport = deps.transports[delivery.channel];
    let found: SendResult | null = null;
    let message: OutboundMessage | null = null;
    const context = await loadContext(db, delivery);
    if (transport.findSent && context?.appointment) {
      try {
        message = await buildMessage(delivery, context, now);
        const since = new Date((delivery.lastAttemptAt ?? delivery.sendAt).getTime() - 60_000);
        found = await transport.findSent(message, since);
      } catch (error) {
        // The provider could not be asked: re-queue; the next attempt asks again before sending.
        console.error(`[dispatch] recovery lookup failed for delivery ${delivery.id}:`, error instanceof Error ? error.message : error);
      }
    }
    if (found && message) {
      await recordSent(db, delivery, message, found, now, "recovery");
      recorded++;
    } else {
      await finish(db, delivery, { status: "scheduled", now, errorCode: "recovered_after_crash", set: { nextAttemptAt: now } });
      requeued++;
    }
  }
  return { recorded, requeued };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

export interface SweepResult {
  claimed: number;
  outcomes: Partial<Record<DispatchOutcome, number>>;
  recovered: { recorded: number; requeued: number };
}

/**
 * The due-sweep both drivers run: recover stuck rows, then claim due rows in batches and send them
 * with bounded concurrency until nothing is due (or `maxBatches` is reached).
 */
export async function runSweep(
  deps: DispatchDeps,
  params: { batchSize?: number; concurrency?: number; maxBatches?: number; scope?: SweepScope } = {},
): Promise<SweepResult> {
  const recovered = await recoverStuckDeliveries(deps, { scope: params.scope });
  await fallBackUndeliveredTimeCritical(deps.db, { now: nowOf(deps), clinicIds: params.scope?.clinicIds });
  // Callbacks are never re-sent: ask Twilio about messages left without a final status (before the claim
  // loop, so fallbacks it plans go out in this same sweep).
  await reconcileStaleDeliveries(deps, { now: nowOf(deps), clinicIds: params.scope?.clinicIds });
  const batchSize = params.batchSize ?? 100;
  const outcomes: SweepResult["outcomes"] = {};
  const cache = new Map<string, Promise<ClinicNotificationSettings>>();
  let claimed = 0;
  for (let batch = 0; batch < (params.maxBatches ?? 50); batch++) {
    const rows = await claimDueDeliveries(deps.db, { now: nowOf(deps), limit: batchSize, scope: params.scope });
    claimed += rows.length;
    const results = await mapWithConcurrency(rows, params.concurrency ?? 8, (row) => processClaimedDelivery(deps, row, cache));
    for (const outcome of results) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (rows.length < batchSize) break;
  }
  return { claimed, outcomes, recovered };
}
