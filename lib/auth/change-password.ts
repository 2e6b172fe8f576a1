import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { consumeRateLimit, peekRateLimit } from "@/lib/security/rate-limiter";
import type { StaffContext } from "./context";
import { hashPassword, verifyPassword } from "./passwords";
import { changePasswordSchema, type ChangePasswordField } from "./schemas";
import { ACCOUNT_FAILURES } from "./sign-in-throttle";
import { endUserSessions } from "./staff-sessions";
import { fieldErrorsOf, requiredOrMessage } from "@/lib/errors";

export type ChangePasswordResult =
  | { ok: true; endedSessions: number }
  | { ok: false; error: "invalid"; fieldErrors: Partial<Record<ChangePasswordField, string>> }
  | { ok: false; error: "wrongCurrent" | "locked" };

/**
 * A staff member (any role) changes their own password: the current one is checked first — a wrong one
 * counts as a failed sign-in of the account, so an open session cannot be used to guess it — then the new
 * hash is stored and every other session of theirs is ended ("password_changed"); the browser that made
 * the change (`sessionToken`) stays signed in. Audited, without any password.
 */
export async function changeOwnPassword(
  db: Db,
  ctx: StaffContext,
  params: { input: unknown; sessionToken: string | undefined; now?: Date },
): Promise<ChangePasswordResult> {
  const parsed = changePasswordSchema.safeParse(params.input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf<ChangePasswordField>(parsed.error, { topLevel: true, message: requiredOrMessage });
    return { ok: false, error: "invalid", fieldErrors };
  }
  const key = ctx.email.toLowerCase();
  if (!(await peekRateLimit(db, { limit: ACCOUNT_FAILURES, key, now: params.now })).allowed) return { ok: false, error: "locked" };
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, ctx.userId), eq(users.clinicId, ctx.clinicId)))
    .limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, parsed.data.currentPassword))) {
    await consumeRateLimit(db, { limit: ACCOUNT_FAILURES, key, now: params.now });
    return { ok: false, error: "wrongCurrent" };
  }
  const passwordHash = await hashPassword(parsed.data.newPassword);
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, ctx.userId), eq(users.clinicId, ctx.clinicId)));
    const endedSessions = await endUserSessions(tx, {
      clinicId: ctx.clinicId,
      userId: ctx.userId,
      reason: "password_changed",
      exceptToken: params.sessionToken,
      now: params.now,
    });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "auth.password_changed",
      entityType: "user",
      entityId: ctx.userId,
      metadata: { endedSessions },
    });
    return { ok: true as const, endedSessions };
  });
}
