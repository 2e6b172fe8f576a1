import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimitCounters, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { resetRateLimit } from "@/lib/security/rate-limiter";
import type { StaffContext } from "./context";
import { can } from "./permissions";
import { ACCOUNT_FAILURES } from "./sign-in-throttle";
import { countOpenSessions, endUserSessions } from "./staff-sessions";

export interface StaffSecurityRow {
  userId: string;
  name: string;
  email: string;
  role: "admin" | "doctor" | "staff";
  disabled: boolean;
  /** When the account's sign-in lock ends, or null when it is not locked. */
  lockedUntil: Date | null;
  /** Sessions signed in and not ended (nor idle for 12 h). */
  openSessions: number;
}

/** The clinic's staff with their sign-in state, for Settings → Security. */
export async function listStaffSecurity(db: Db, params: { clinicId: string; now?: Date }): Promise<StaffSecurityRow[]> {
  const now = params.now ?? new Date();
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabledAt: users.disabledAt,
      hits: rateLimitCounters.hits,
      windowEndsAt: rateLimitCounters.windowEndsAt,
    })
    .from(users)
    .leftJoin(
      rateLimitCounters,
      and(
        eq(rateLimitCounters.key, sql`${`${ACCOUNT_FAILURES.name}:`} || lower(${users.email})`),
        sql`${rateLimitCounters.windowEndsAt} > ${now.toISOString()}`,
      ),
    )
    .where(eq(users.clinicId, params.clinicId))
    .orderBy(asc(users.name));
  const sessions = await countOpenSessions(db, { clinicId: params.clinicId, now });
  return rows.map((row) => ({
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role,
    disabled: row.disabledAt !== null,
    lockedUntil: row.hits !== null && row.hits >= ACCOUNT_FAILURES.points ? row.windowEndsAt : null,
    openSessions: sessions.get(row.userId) ?? 0,
  }));
}

export type StaffSecurityResult = { ok: true } | { ok: false; error: "forbidden" | "notFound" };

/** A staff member of the caller's clinic, or null (another clinic's user is not found). */
export async function findClinicStaff(db: Db, params: { clinicId: string; userId: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(params.userId)) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.id, params.userId), eq(users.clinicId, params.clinicId)))
    .limit(1);
  return user ?? null;
}

/** An admin clears a staff member's failed sign-ins (they can sign in at once). Audited. */
export async function unlockStaffSignIn(db: Db, ctx: StaffContext, params: { userId: string }): Promise<StaffSecurityResult> {
  if (!can(ctx.role, "security:write")) return { ok: false, error: "forbidden" };
  const user = await findClinicStaff(db, { clinicId: ctx.clinicId, userId: params.userId });
  if (!user) return { ok: false, error: "notFound" };
  await resetRateLimit(db, { limit: ACCOUNT_FAILURES, key: user.email.toLowerCase() });
  await recordAudit(db, {
    clinicId: ctx.clinicId,
    actorUserId: ctx.userId,
    action: "auth.unlocked",
    entityType: "user",
    entityId: user.id,
  });
  return { ok: true };
}

/**
 * An admin ends every session of a staff member of their clinic (a lost phone, a shared computer left
 * signed in): each of their browsers is sent to sign-in on its next request. Their own sessions too, when
 * they pick themselves. Audited with the count.
 */
export async function endStaffSessions(
  db: Db,
  ctx: StaffContext,
  params: { userId: string; now?: Date },
): Promise<StaffSecurityResult & { ended?: number }> {
  if (!can(ctx.role, "security:write")) return { ok: false, error: "forbidden" };
  const user = await findClinicStaff(db, { clinicId: ctx.clinicId, userId: params.userId });
  if (!user) return { ok: false, error: "notFound" };
  return db.transaction(async (tx) => {
    const ended = await endUserSessions(tx, { clinicId: ctx.clinicId, userId: user.id, reason: "admin", now: params.now });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "auth.sessions_ended",
      entityType: "user",
      entityId: user.id,
      metadata: { count: ended },
    });
    return { ok: true as const, ended };
  });
}
