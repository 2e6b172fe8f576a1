import type { Db } from "@/db/client";
import { peekRateLimit, type RateLimit } from "@/lib/security/rate-limiter";

/**
 * Failed sign-ins are counted per account (the email as typed, lower-cased, whether or not it
 * exists, so a lockout tells nothing about which emails are staff) and per client address (wider:
 * one front desk may share an address, a guesser spraying many accounts may not). Both counters live
 * in the database (lib/security/rate-limiter.ts), shared by every app instance.
 *
 * While either is spent, sign-in is refused before the password is checked — the right password too —
 * until the window of the first failure ends. A successful sign-in clears its account's counter; an
 * admin can clear it from Settings → Security.
 */
export const ACCOUNT_FAILURES: RateLimit = { name: "sign-in-account", points: 5, windowSeconds: 15 * 60 };
export const ADDRESS_FAILURES: RateLimit = { name: "sign-in-address", points: 30, windowSeconds: 15 * 60 };

export type SignInLock = { locked: false } | { locked: true; scope: "account" | "address"; retryAfterSeconds: number };

export async function signInLockOf(db: Db, params: { email: string; clientKey: string; now?: Date }): Promise<SignInLock> {
  const [account, address] = await Promise.all([
    peekRateLimit(db, { limit: ACCOUNT_FAILURES, key: params.email, now: params.now }),
    peekRateLimit(db, { limit: ADDRESS_FAILURES, key: params.clientKey, now: params.now }),
  ]);
  if (!account.allowed) return { locked: true, scope: "account", retryAfterSeconds: account.retryAfterSeconds };
  if (!address.allowed) return { locked: true, scope: "address", retryAfterSeconds: address.retryAfterSeconds };
  return { locked: false };
}

/** "Try again in N minutes": whole minutes, rounded up, at least one. */
export function minutesToWait(retryAfterSeconds: number) {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}
