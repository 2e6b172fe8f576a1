import type { Db } from "@/db/client";
import { getEnv } from "@/lib/env";
import { consumeRateLimit, type RateLimit } from "@/lib/security/rate-limiter";

export { clientKeyOf } from "@/lib/security/client-address";

/**
 * Requests to /l/* a client may make per window. A patient opens a link a handful of times; a guesser
 * needs billions of tries per hit against 128-bit tokens, so the limit only has to stop scanning cheaply.
 * Counted in the database (lib/security/rate-limiter.ts): every app instance shares the budget.
 */
export const LINK_RATE_LIMIT: RateLimit = { name: "patient-links", points: 40, windowSeconds: 10 * 60 };

/** The limit in force: LINK_RATE_LIMIT, or PATIENT_LINK_REQUESTS_PER_10_MIN requests per the same window. */
export function linkRateLimit(): RateLimit {
  const points = getEnv().PATIENT_LINK_REQUESTS_PER_10_MIN;
  return points ? { ...LINK_RATE_LIMIT, points } : LINK_RATE_LIMIT;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one request of `clientKey`; refused once the window's budget is spent. */
export async function consumeLinkRequest(db: Db, params: { clientKey: string; now?: Date; limit?: RateLimit }): Promise<RateDecision> {
  const state = await consumeRateLimit(db, { limit: params.limit ?? linkRateLimit(), key: params.clientKey, now: params.now });
  return state.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: state.retryAfterSeconds };
}
