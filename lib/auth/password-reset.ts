import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { clinics, passwordResets, users, type Locale } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { publicBaseUrl } from "@/lib/links/public-url";
import { log, errorMessage } from "@/lib/log";
import { consumeRateLimit, resetRateLimit, type RateLimit } from "@/lib/security/rate-limiter";
import { renderPasswordResetEmail } from "@/lib/staff-mail/render";
import { sendStaffEmail, type StaffMailTransport } from "@/lib/staff-mail/send";
import { newPasswordSchema } from "@/lib/team/schemas";
import { generateStaffToken, hashStaffToken, isWellFormedStaffToken } from "@/lib/team/tokens";
import { hashPassword } from "./passwords";
import { ACCOUNT_FAILURES } from "./sign-in-throttle";
import { endUserSessions } from "./staff-sessions";

/** A reset link works for this long, once. */
export const PASSWORD_RESET_TTL_MS = 15 * 60 * 1000;
/** Requests per email as typed (lower-cased, whether or not it exists) and per client address. */
export const RESET_PER_EMAIL: RateLimit = { name: "password-reset-email", points: 3, windowSeconds: 15 * 60 };
export const RESET_PER_ADDRESS: RateLimit = { name: "password-reset-address", points: 10, windowSeconds: 15 * 60 };

export type RequestPasswordResetResult =
  { ok: true } | { ok: false; error: "invalidEmail" } | { ok: false; error: "throttled"; retryAfterSeconds: number };

const emailSchema = z.string().trim().toLowerCase().max(200).pipe(z.email());

/**
 * "Forgot password": counted per address and per email first (the same for every email, so a limit tells
 * nothing); then, only when an active staff member has that email, a single-use link (15 min, its
 * SHA-256 stored) is emailed to them. The answer is `{ ok: true }` whether or not the email exists. A
 * failed send is logged (without the address) and answered the same. The user lookup is the only work
 * before the answer that depends on the email; the rest can be deferred (`defer`).
 */
export async function requestPasswordReset(
  db: Db,
  params: {
    email: unknown;
    clientKey: string;
    now?: Date;
    transport?: StaffMailTransport;
    /**
     * Runs the member's part (the link row and the email) — by default at once; the server action passes
     * Next.js's `after`, so it runs once the answer is sent and a known email answers as fast as an unknown one.
     */
    defer?: (task: () => Promise<void>) => void;
  },
): Promise<RequestPasswordResetResult> {
  const parsed = emailSchema.safeParse(params.email);
  if (!parsed.success) return { ok: false, error: "invalidEmail" };
  const email = parsed.data;
  const now = params.now ?? new Date();
  const [address, perEmail] = [
    await consumeRateLimit(db, { limit: RESET_PER_ADDRESS, key: params.clientKey, now }),
    await consumeRateLimit(db, { limit: RESET_PER_EMAIL, key: email, now }),
  ];
  for (const state of [address, perEmail])
    if (!state.allowed) return { ok: false, error: "throttled", retryAfterSeconds: state.retryAfterSeconds };

  const [user] = await db
    .select({
      id: users.id,
      clinicId: users.clinicId,
      name: users.name,
      email: users.email,
      locale: users.locale,
      clinicName: clinics.name,
    })
    .from(users)
    .innerJoin(clinics, eq(clinics.id, users.clinicId))
    .where(and(eq(sql`lower(${users.email})`, email), isNull(users.disabledAt)))
    .limit(1);
  if (!user) return { ok: true };

  const token = generateStaffToken();
  const issue = async () => {
    try {
      await db.transaction(async (tx) => {
        const [reset] = await tx
          .insert(passwordResets)
          .values({
            clinicId: user.clinicId,
            userId: user.id,
            tokenHash: hashStaffToken(token),
            expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
            createdAt: now,
          })
          .returning({ id: passwordResets.id });
        await recordAudit(tx, {
          clinicId: user.clinicId,
          actorUserId: user.id,
          action: "auth.password_reset_requested",
          entityType: "user",
          entityId: user.id,
          metadata: { resetId: reset.id },
        });
        const rendered = await renderPasswordResetEmail({
          locale: user.locale,
          name: user.name,
          clinicName: user.clinicName,
          url: `${publicBaseUrl()}/${user.locale}/reset-password/${token}`,
        });
        await sendStaffEmail(
          tx,
          {
            clinicId: user.clinicId,
            kind: "password_reset",
            to: user.email.toLowerCase(),
            idempotencyKey: `password-reset/${reset.id}`,
            ...rendered,
          },
          params.transport,
        );
      });
    } catch (error) {
      log.error({ event: "password_reset_mail_failed", userId: user.id, error: errorMessage(error) }, "password reset email failed");
    }
  };
  if (params.defer) params.defer(issue);
  else await issue();
  return { ok: true };
}

/** The reset behind a link if it can still be used, else null (unknown, used, expired, or its user disabled). */
export async function resolvePasswordReset(
  db: Db,
  params: { token: string; now?: Date },
): Promise<{ id: string; userId: string; clinicId: string; locale: Locale } | null> {
  if (!isWellFormedStaffToken(params.token)) return null;
  const [row] = await db
    .select({ id: passwordResets.id, userId: passwordResets.userId, clinicId: passwordResets.clinicId, locale: users.locale })
    .from(passwordResets)
    .innerJoin(users, and(eq(users.id, passwordResets.userId), eq(users.clinicId, passwordResets.clinicId)))
    .where(
      and(
        eq(passwordResets.tokenHash, hashStaffToken(params.token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, params.now ?? new Date()),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return row ?? null;
}

export type ResetPasswordResult =
  { ok: true; endedSessions: number } | { ok: false; error: "invalid" } | { ok: false; error: "tooShort" | "tooLong" };

/**
 * Sets a new password from a reset link: the link is claimed (used once), the user's other reset links
 * are used up too, every session of theirs ends ("password_reset"), and a sign-in lockout of the account
 * is cleared. A used, expired or unknown link is "invalid"; nothing is written on any error. Audited.
 */
export async function resetPassword(db: Db, params: { token: string; password: unknown; now?: Date }): Promise<ResetPasswordResult> {
  const now = params.now ?? new Date();
  const reset = await resolvePasswordReset(db, { token: params.token, now });
  if (!reset) return { ok: false, error: "invalid" };
  const parsed = newPasswordSchema.safeParse(params.password);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message === "tooLong" ? "tooLong" : "tooShort" };
  const passwordHash = await hashPassword(parsed.data);
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning({ id: passwordResets.id });
    if (!claimed) return { ok: false as const, error: "invalid" as const };
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)));
    const [user] = await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, reset.userId), eq(users.clinicId, reset.clinicId)))
      .returning({ email: users.email });
    const endedSessions = await endUserSessions(tx, { clinicId: reset.clinicId, userId: reset.userId, reason: "password_reset", now });
    await resetRateLimit(tx, { limit: ACCOUNT_FAILURES, key: user.email.toLowerCase() });
    await recordAudit(tx, {
      clinicId: reset.clinicId,
      actorUserId: reset.userId,
      action: "auth.password_reset",
      entityType: "user",
      entityId: reset.userId,
      metadata: { endedSessions },
    });
    return { ok: true as const, endedSessions };
  });
}
