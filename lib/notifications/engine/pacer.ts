import type { Db } from "@/db/client";
import type { Channel } from "@/db/schema";
import { PACING_HORIZON_MS, reserveSendSlots, sendRateFor, slowSender } from "./pacing";

/**
 * One process's side of the shared pacing (pacing.ts): it reserves slots from the sender's row for the
 * sends waiting in this process, hands them out in order and sleeps each send until its slot. A sender
 * with more sends waiting than fit in the horizon is "saturated": the claim skips its channel, so its
 * backlog stays in the table instead of occupying this process's workers.
 */
export interface Pacer {
  /**
   * Resolves when this sender may send one message (null), or with the time to try again when its next
   * slot is further away than `maxWaitMs` (after a 429's Retry-After): the row is put back, not held.
   */
  acquire(senderKey: string, channel: Channel, maxWaitMs?: number): Promise<Date | null>;
  /** A 429 from the provider: this sender waits `retryAfterMs`, in every process, then goes slower. */
  slowDown(senderKey: string, retryAfterMs: number | undefined): Promise<void>;
  /** Channels with more sends waiting here than their sender can take within the horizon. */
  saturatedChannels(): Channel[];
}

interface SenderState {
  channel: Channel;
  rate: number;
  slots: number[];
  waiting: number;
  refill: Promise<number> | null;
  blockedUntil: number;
  nextFreeAt: number;
  /** When this process last let sends go, oldest first: at most `rate` of them, for the window guard. */
  recent: number[];
}

export function createPacer(params: {
  db: Db;
  /** SEND_RATE_LIMITS (parseSendRates). */
  rates?: Record<string, number>;
  horizonMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): Pacer {
  const horizonMs = params.horizonMs ?? PACING_HORIZON_MS;
  const now = params.now ?? Date.now;
  const sleep = params.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const senders = new Map<string, SenderState>();

  const stateOf = (senderKey: string, channel: Channel) => {
    let state = senders.get(senderKey);
    if (!state) {
      state = {
        channel,
        rate: sendRateFor(senderKey, channel, params.rates),
        slots: [],
        waiting: 0,
        refill: null,
        blockedUntil: 0,
        nextFreeAt: 0,
        recent: [],
      };
      senders.set(senderKey, state);
    }
    return state;
  };

  async function refill(senderKey: string, state: SenderState): Promise<number> {
    const perHorizon = Math.max(1, Math.ceil((state.rate * horizonMs) / 1000));
    // What is waiting here, or 50 ms of the sender's rate when that is more: a fast sender costs one
    // statement per many messages; a slow one never holds slots it will not use for long.
    const wanted = Math.min(Math.max(1, state.waiting - state.slots.length, Math.ceil(state.rate / 20)), perHorizon);
    const reservation = await reserveSendSlots(params.db, {
      senderKey,
      count: wanted,
      ratePerS: state.rate,
      now: new Date(now()),
      horizonMs,
    });
    state.slots.push(...reservation.slots.map((slot) => slot.getTime()));
    state.nextFreeAt = reservation.nextFreeAt.getTime();
    return reservation.slots.length;
  }

  /**
   * Slots are spaced 1000/rate ms, but a timer that fires late (a busy event loop) lets several slots go
   * at once, on top of the ones due next: the provider would see more than `rate` in a second. So a send
   * also waits until fewer than `rate` sends of this process went in the last second. The check and the
   * record of the send happen in one synchronous step, so concurrent acquirers cannot both pass.
   */
  async function withinWindow(state: SenderState) {
    const cap = Math.max(1, Math.floor(state.rate));
    for (;;) {
      const t = now();
      const oldest = state.recent.length >= cap ? state.recent[state.recent.length - cap] : undefined;
      if (oldest === undefined || t - oldest >= 1000) {
        state.recent.push(t);
        if (state.recent.length > cap) state.recent.splice(0, state.recent.length - cap);
        return;
      }
      await sleep(oldest + 1000 - t);
    }
  }

  return {
    async acquire(senderKey, channel, maxWaitMs = 2 * horizonMs) {
      const state = stateOf(senderKey, channel);
      if (!Number.isFinite(state.rate)) return null;
      state.waiting++;
      try {
        for (;;) {
          const notBefore = Math.max(state.blockedUntil, state.slots.length ? 0 : state.nextFreeAt - horizonMs);
          if (notBefore - now() > maxWaitMs) return new Date(notBefore);
          const slot = state.slots.shift();
          if (slot !== undefined) {
            const at = Math.max(slot, state.blockedUntil);
            if (at > now()) await sleep(at - now());
            await withinWindow(state);
            return null;
          }
          state.refill ??= refill(senderKey, state).finally(() => {
            state.refill = null;
          });
          // Nothing free within the horizon (other processes took it): wait until there is.
          if ((await state.refill) === 0 && state.slots.length === 0) {
            const wait = state.nextFreeAt - horizonMs - now();
            if (wait <= maxWaitMs) await sleep(Math.max(5, wait));
          }
        }
      } finally {
        state.waiting--;
      }
    },

    async slowDown(senderKey, retryAfterMs) {
      const state = senders.get(senderKey);
      if (state) {
        // Slots reserved before the 429 would land inside Retry-After: drop them and wait.
        state.slots = [];
        state.blockedUntil = Math.max(state.blockedUntil, now() + (retryAfterMs ?? 1_000));
      }
      await slowSender(params.db, { senderKey, now: new Date(now()), retryAfterMs });
    },

    saturatedChannels() {
      const full: Channel[] = [];
      for (const state of senders.values()) {
        if (Number.isFinite(state.rate) && state.waiting >= Math.max(1, (state.rate * horizonMs) / 1000)) full.push(state.channel);
      }
      return full;
    },
  };
}
