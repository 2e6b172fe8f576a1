import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Db } from "@/db/client";
import type { Channel } from "@/db/schema";

/**
 * Sends paced per sender (a WhatsApp sender, an SMS number, an email domain), shared by every
 * dispatcher process through one row per sender in `send_pacing` (PostgreSQL or PGlite).
 *
 * The algorithm is the generic cell rate algorithm without burst: a sender limited to r messages a
 * second gets one slot every 1000/r ms, and `next_slot_at` is the next free slot. A worker reserves
 * the slots it can use within a short horizon in one statement (`reserveSendSlots`), then waits for
 * each slot before its send. Reserving ahead costs one statement per group of messages, not one per
 * message, and two processes never get the same slot (the row lock orders them). Unused slots are
 * simply lost, which only makes the sender a little slower, never faster.
 *
 * A 429 from the provider pushes the sender's next slot past its `Retry-After` for every process and
 * spaces slots twice as wide for a minute (`slowSender`).
 */

/** Messages per second per sender, below the providers' own limits (docs/architecture.md). */
export const DEFAULT_SEND_RATES: Record<Channel, number> = {
  // Twilio: 80 messages/s per WhatsApp sender.
  whatsapp: 70,
  // Twilio: 10 segments/s from any number to Mexico (a long Spanish SMS is 2–3 segments).
  sms: 8,
  // Resend: 5 API requests/s per team by default.
  email: 4,
};

/** How far ahead a worker may reserve slots: what it waits at most before a send. */
export const PACING_HORIZON_MS = 1_000;
/** After a 429 the sender's slots are twice as wide for this long. */
export const SLOW_DOWN_MS = 60_000;
/** A 429 without Retry-After: wait this long. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

const ratesSchema = z.record(z.string().min(1), z.number().positive().max(1_000_000));

/**
 * SEND_RATE_LIMITS: JSON, a channel ("whatsapp", "sms", "email") or a full sender key
 * ("sms:+5255…", "email:clinicaluna.mx") → messages per second. A sender key wins over its channel;
 * absent entries keep DEFAULT_SEND_RATES. A malformed value is a startup error naming the variable.
 */
export function parseSendRates(raw: string | undefined): Record<string, number> {
  if (raw === undefined || raw.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('Invalid environment: SEND_RATE_LIMITS is not valid JSON (expected {"whatsapp": 70, "sms:+5255…": 5})');
  }
  const parsed = ratesSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: SEND_RATE_LIMITS ${issues}`);
  }
  return parsed.data;
}

/** The rate of one sender: its own entry, else its channel's, else the default. Infinity = not paced. */
export function sendRateFor(senderKey: string, channel: Channel, rates: Record<string, number> = {}): number {
  return rates[senderKey] ?? rates[channel] ?? DEFAULT_SEND_RATES[channel];
}

/**
 * A whole number of sends a second that no sender of this channel needs to exceed: the channel's rate
 * or the fastest sender configured on it. The Inngest path throttles runs to this per sender; the
 * shared bucket below still holds every sender to its own rate.
 */
export function channelRateCeiling(channel: Channel, rates: Record<string, number> = {}): number {
  const own = Object.entries(rates)
    .filter(([key]) => key.startsWith(`${channel}:`))
    .map(([, rate]) => rate);
  return Math.max(1, Math.floor(Math.max(sendRateFor(channel, channel, rates), ...own)));
}

export interface SlotReservation {
  /** When each reserved send may go out (empty when none is free within the horizon). */
  slots: Date[];
  /** The first free slot after these, so a caller with nothing reserved knows when to ask again. */
  nextFreeAt: Date;
}

/**
 * Reserves up to `count` send slots for a sender within `horizonMs` of `now`, spaced 1000/rate ms
 * (twice that while the sender is slowed down after a 429). One statement; concurrent callers are
 * ordered by the row lock, and every value is computed from the locked row, so no slot is given twice.
 */
export async function reserveSendSlots(
  db: Db,
  params: { senderKey: string; count: number; ratePerS: number; now: Date; horizonMs?: number },
): Promise<SlotReservation> {
  const { senderKey, count, ratePerS, now } = params;
  if (!Number.isFinite(ratePerS)) {
    return { slots: Array.from({ length: count }, () => now), nextFreeAt: now };
  }
  const spacingMs = 1000 / ratePerS;
  const horizonMs = params.horizonMs ?? PACING_HORIZON_MS;
  const at = now.toISOString();
  // Every expression reads the row as locked by this UPDATE (READ COMMITTED re-reads it after a
  // concurrent update), never a value computed before the lock.
  const step = sql`(${spacingMs}::float8 * (case when slowed_until > ${at}::timestamptz then 2 else 1 end))`;
  const start = sql`greatest(next_slot_at, ${at}::timestamptz)`;
  const granted = sql`greatest(0, least(${count}::int, floor((extract(epoch from (${at}::timestamptz - ${start})) * 1000 + ${horizonMs}::float8) / ${step})::int + 1))`;
  const run = () =>
    queryRows<{ next_ms: number; last_granted: number; step_ms: number }>(
      db,
      sql`update send_pacing
          set next_slot_at = ${start} + (${granted} * ${step}) * interval '1 millisecond',
              last_granted = ${granted},
              updated_at = ${at}::timestamptz
          where sender_key = ${senderKey}
          returning extract(epoch from next_slot_at)::float8 * 1000 as next_ms, last_granted, ${spacingMs}::float8 * (case when slowed_until > ${at}::timestamptz then 2 else 1 end) as step_ms`,
    );
  let rows = await run();
  if (rows.length === 0) {
    await queryRows(
      db,
      sql`insert into send_pacing (sender_key, next_slot_at, updated_at) values (${senderKey}, ${at}::timestamptz, ${at}::timestamptz) on conflict (sender_key) do nothing`,
    );
    rows = await run();
  }
  const row = rows[0];
  const nextMs = Number(row.next_ms);
  const n = Number(row.last_granted);
  const stepMs = Number(row.step_ms);
  const first = nextMs - n * stepMs;
  // Microseconds first (what the database keeps), then up to the millisecond: a slot is never early,
  // and slots `rate` apart stay exactly one second apart.
  const toMs = (ms: number) => Math.ceil(Math.round(ms * 1000) / 1000);
  return { slots: Array.from({ length: n }, (_, i) => new Date(toMs(first + i * stepMs))), nextFreeAt: new Date(toMs(nextMs)) };
}

/**
 * A 429 from the provider for this sender: nobody sends before `Retry-After` has passed, and slots are
 * spaced twice as wide for SLOW_DOWN_MS.
 */
export async function slowSender(db: Db, params: { senderKey: string; now: Date; retryAfterMs?: number | null; slowForMs?: number }) {
  const at = params.now.toISOString();
  const resumeAt = new Date(params.now.getTime() + (params.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS)).toISOString();
  const slowUntil = new Date(params.now.getTime() + (params.slowForMs ?? SLOW_DOWN_MS)).toISOString();
  await queryRows(
    db,
    sql`insert into send_pacing (sender_key, next_slot_at, slowed_until, updated_at)
        values (${params.senderKey}, ${resumeAt}::timestamptz, ${slowUntil}::timestamptz, ${at}::timestamptz)
        on conflict (sender_key) do update set
          next_slot_at = greatest(send_pacing.next_slot_at, excluded.next_slot_at),
          slowed_until = greatest(coalesce(send_pacing.slowed_until, excluded.slowed_until), excluded.slowed_until),
          updated_at = excluded.updated_at`,
  );
}
