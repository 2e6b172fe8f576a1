import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Requests to /l/* a client may make per window. A patient opens a link a handful of times; a guesser
 * needs billions of tries per hit against 128-bit tokens, so the limit only has to stop scanning cheaply.
 */
export const LINK_RATE_LIMIT = { points: 40, durationSeconds: 10 * 60 } as const;

export function createLinkRateLimiter(limit: { points: number; durationSeconds: number } = LINK_RATE_LIMIT) {
  return new RateLimiterMemory({ keyPrefix: "patient-links", points: limit.points, duration: limit.durationSeconds });
}

// In memory, on globalThis (hot reload keeps it): right for one process. Several processes or instances
// each count on their own; run behind one process, or swap in RateLimiterPostgres/Redis (same API).
const shared = globalThis as unknown as { __lunaLinkRateLimiter?: RateLimiterMemory };
function sharedLimiter() {
  return (shared.__lunaLinkRateLimiter ??= createLinkRateLimiter());
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one request of `clientKey`; refused once the window's budget is spent. */
export async function consumeLinkRequest(clientKey: string, limiter: RateLimiterMemory = sharedLimiter()): Promise<RateDecision> {
  try {
    await limiter.consume(clientKey);
    return { allowed: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
    throw rejection;
  }
}

/**
 * Who is asking: the client address as the nearest proxy reports it (the first X-Forwarded-For entry,
 * or X-Real-IP). Behind a load balancer, make sure it overwrites these headers rather than appending
 * to what the client sent.
 */
export function clientKeyOf(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}
