import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staffSessions, type StaffSessionEndReason } from "@/db/schema";

/**
 * Server-side rows behind Auth.js's JWT cookie (db/schema/staff-sessions.ts). Signing in creates a row
 * and puts a random 256-bit token in the JWT; only its SHA-256 is stored. Every request checks the row
 * (lib/auth/context.ts, in the query that loads the user), so ending it — sign-out, an admin, a password
 * change — closes that cookie at once, however long the JWT would still be valid.
 */

/** A session that has seen no request for this long ends (and is marked "idle" when next presented). */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often per session: not one UPDATE per request. */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;

export function generateSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token as Auth.js hands it back from the cookie: 32 bytes in base64url, or nothing. */
export function isSessionToken(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** "Chrome on Windows": the browser family and platform only, to tell sessions apart; never the full string. */
export function summarizeUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "Other";
  const platform = /Windows/.test(userAgent)
    ? "Windows"
    : /Android/.test(userAgent)
      ? "Android"
      : /iPhone|iPad/.test(userAgent)
        ? "iOS"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "Other";
  return `${browser} on ${platform}`;
}

/** Opens a session for a signed-in staff member; the raw token goes into the cookie and nowhere else. */
export async function createStaffSession(
  db: Db,
  params: { clinicId: string; userId: string; userAgent?: string | null; now?: Date },
): Promise<{ id: string; token: string }> {
  const token = generateSessionToken();
  const now = params.now ?? new Date();
  const [row] = await db
    .insert(staffSessions)
    .values({
      clinicId: params.clinicId,
      userId: params.userId,
      tokenHash: hashSessionToken(token),
      createdAt: now,
      lastSeenAt: now,
      userAgentSummary: summarizeUserAgent(params.userAgent),
    })
    .returning({ id: staffSessions.id });
  return { id: row.id, token };
}

/** Ends the session of `token` if it is open; returns whose it was, or null. */
export async function endStaffSession(
  db: Db,
  params: { token: string; reason: StaffSessionEndReason; now?: Date },
): Promise<{ id: string; clinicId: string; userId: string } | null> {
  if (!isSessionToken(params.token)) return null;
  const [row] = await db
    .update(staffSessions)
    .set({ endedAt: params.now ?? new Date(), endedReason: params.reason })
    .where(and(eq(staffSessions.tokenHash, hashSessionToken(params.token)), isNull(staffSessions.endedAt)))
    .returning({ id: staffSessions.id, clinicId: staffSessions.clinicId, userId: staffSessions.userId });
  return row ?? null;
}

/**
 * Ends every open session of a user of `clinicId` (another clinic's user is untouched), but the one of
 * `exceptToken` when given (a password change keeps the browser that made it). Returns how many ended.
 */
export async function endUserSessions(
  db: Db,
  params: { clinicId: string; userId: string; reason: StaffSessionEndReason; exceptToken?: string; now?: Date },
): Promise<number> {
  const rows = await db
    .update(staffSessions)
    .set({ endedAt: params.now ?? new Date(), endedReason: params.reason })
    .where(
      and(
        eq(staffSessions.clinicId, params.clinicId),
        eq(staffSessions.userId, params.userId),
        isNull(staffSessions.endedAt),
        params.exceptToken ? ne(staffSessions.tokenHash, hashSessionToken(params.exceptToken)) : undefined,
      ),
    )
    .returning({ id: staffSessions.id });
  return rows.length;
}

/** Open sessions per user of a clinic, for Settings → Security. */
export async function countOpenSessions(db: Db, params: { clinicId: string; now?: Date }): Promise<Map<string, number>> {
  const idleSince = new Date((params.now ?? new Date()).getTime() - SESSION_IDLE_MS);
  const rows = await db
    .select({ userId: staffSessions.userId, count: sql<number>`count(*)::int` })
    .from(staffSessions)
    .where(
      and(
        eq(staffSessions.clinicId, params.clinicId),
        isNull(staffSessions.endedAt),
        sql`${staffSessions.lastSeenAt} > ${idleSince.toISOString()}`,
      ),
    )
    .groupBy(staffSessions.userId);
  return new Map(rows.map((row) => [row.userId, Number(row.count)]));
}

/**
 * What `loadStaffContext` does with the session row it loaded with the user: an idle one is ended
 * ("idle") and refused; a live one has `last_seen_at` bumped when it is older than SESSION_TOUCH_MS.
 */
export async function checkStaffSession(db: Db, params: { sessionId: string; lastSeenAt: Date; now: Date }): Promise<"ok" | "idle"> {
  const age = params.now.getTime() - params.lastSeenAt.getTime();
  if (age > SESSION_IDLE_MS) {
    await db
      .update(staffSessions)
      .set({ endedAt: params.now, endedReason: "idle" })
      .where(and(eq(staffSessions.id, params.sessionId), isNull(staffSessions.endedAt)));
    return "idle";
  }
  if (age > SESSION_TOUCH_MS) {
    await db
      .update(staffSessions)
      .set({ lastSeenAt: params.now })
      .where(and(eq(staffSessions.id, params.sessionId), isNull(staffSessions.endedAt)));
  }
  return "ok";
}
