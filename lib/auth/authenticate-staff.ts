import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { log } from "@/lib/log";
import { consumeRateLimit, resetRateLimit } from "@/lib/security/rate-limiter";
import { hashPassword, verifyPassword } from "./passwords";
import { signInSchema } from "./schemas";
import { createStaffSession } from "./staff-sessions";
import { ACCOUNT_FAILURES, ADDRESS_FAILURES, signInLockOf } from "./sign-in-throttle";

// Verified against when the email is unknown, so a wrong email and a wrong password take as long.
let dummyHash: Promise<string> | undefined;

export interface SignInAttempt {
  /** The rate-limit key of the client's address (lib/security/client-address.ts). */
  clientKey: string;
  /** Summarized into the session row ("Chrome on Windows"), never stored whole. */
  userAgent?: string | null;
  now?: Date;
}

/**
 * Checks a staff sign-in. Returns the user, or null for any failure. While the account or the
 * client's address has spent its failures (lib/auth/sign-in-throttle.ts) it refuses before looking at
 * the password. The audit log gets the sign-in, each failure, the lockout and each refused attempt
 * of a known account — with ids and counts, never the password, the email or the address.
 * A successful sign-in opens a session row (lib/auth/staff-sessions.ts) whose raw token is returned for
 * the cookie.
 */
export async function authenticateStaff(db: Db, credentials: unknown, attempt: SignInAttempt) {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const now = attempt.now ?? new Date();
  const [user] = await db
    .select({ id: users.id, clinicId: users.clinicId, name: users.name, email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email), isNull(users.disabledAt)))
    .limit(1);
  const audit = (action: string, metadata: Record<string, unknown>) =>
    user
      ? recordAudit(db, { clinicId: user.clinicId, actorUserId: null, action, entityType: "user", entityId: user.id, metadata })
      : Promise.resolve();

  const lock = await signInLockOf(db, { email, clientKey: attempt.clientKey, now });
  if (lock.locked) {
    await audit("auth.sign_in_refused", { scope: lock.scope, retryAfterSeconds: lock.retryAfterSeconds });
    log.warn({ event: "sign_in_refused", scope: lock.scope, userId: user?.id ?? null }, "sign-in refused while locked");
    return null;
  }

  let valid: boolean;
  if (!user) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, password);
    valid = false;
  } else {
    valid = await verifyPassword(user.passwordHash, password);
  }

  if (!valid) {
    const [account] = await Promise.all([
      consumeRateLimit(db, { limit: ACCOUNT_FAILURES, key: email, now }),
      consumeRateLimit(db, { limit: ADDRESS_FAILURES, key: attempt.clientKey, now }),
    ]);
    await audit("auth.sign_in_failed", { failures: account.hits });
    if (account.hits === ACCOUNT_FAILURES.points) {
      await audit("auth.locked", { failures: account.hits, retryAfterSeconds: account.retryAfterSeconds });
      log.warn({ event: "sign_in_locked", userId: user?.id ?? null }, "account locked after repeated failures");
    }
    return null;
  }

  const found = user!;
  await resetRateLimit(db, { limit: ACCOUNT_FAILURES, key: email });
  await recordAudit(db, {
    clinicId: found.clinicId,
    actorUserId: found.id,
    action: "auth.sign_in",
    entityType: "user",
    entityId: found.id,
  });
  const session = await createStaffSession(db, { clinicId: found.clinicId, userId: found.id, userAgent: attempt.userAgent, now });
  return { id: found.id, name: found.name, email: found.email, sessionToken: session.token };
}
