import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { clinics, staffSessions, users } from "@/db/schema";
import type { DoctorTitle } from "@/db/schema/enums";
import { checkStaffSession, hashSessionToken, isSessionToken } from "./staff-sessions";

/** Who is acting, and for which clinic: the only source of clinicId for tenant queries. */
export interface StaffContext {
  userId: string;
  clinicId: string;
  role: "admin" | "doctor" | "staff";
  name: string;
  /** A doctor's title (Dr./Dra.), for the messages that name them. */
  title?: DoctorTitle | null;
  email: string;
  locale: "es" | "en";
  clinic: { id: string; name: string; timezone: string; currency: string };
}

/**
 * Loads the staff member of a session, in one query with the session's row (lib/auth/staff-sessions.ts):
 * null for a disabled user, a malformed id, a token without a row, another user's row, an ended session
 * and one idle for more than 12 hours (which is then ended). A live session's `last_seen_at` is bumped
 * at most every 5 minutes.
 */
export async function loadStaffContext(
  db: Db,
  params: { userId: string; sessionToken: unknown; now?: Date },
): Promise<StaffContext | null> {
  const { userId, sessionToken } = params;
  if (!z.uuid().safeParse(userId).success || !isSessionToken(sessionToken)) return null;
  const [row] = await db
    .select({
      userId: users.id,
      clinicId: users.clinicId,
      role: users.role,
      name: users.name,
      title: users.title,
      email: users.email,
      locale: users.locale,
      clinicName: clinics.name,
      timezone: clinics.timezone,
      currency: clinics.currency,
      sessionId: staffSessions.id,
      lastSeenAt: staffSessions.lastSeenAt,
    })
    .from(users)
    .innerJoin(clinics, eq(clinics.id, users.clinicId))
    .innerJoin(
      staffSessions,
      and(
        eq(staffSessions.tokenHash, hashSessionToken(sessionToken)),
        eq(staffSessions.userId, users.id),
        eq(staffSessions.clinicId, users.clinicId),
        isNull(staffSessions.endedAt),
      ),
    )
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .limit(1);
  if (!row) return null;
  if ((await checkStaffSession(db, { sessionId: row.sessionId, lastSeenAt: row.lastSeenAt, now: params.now ?? new Date() })) !== "ok") {
    return null;
  }
  return {
    userId: row.userId,
    clinicId: row.clinicId,
    role: row.role,
    name: row.name,
    title: row.title,
    email: row.email,
    locale: row.locale,
    clinic: { id: row.clinicId, name: row.clinicName, timezone: row.timezone, currency: row.currency },
  };
}
