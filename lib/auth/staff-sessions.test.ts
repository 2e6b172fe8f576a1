import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, staffSessions, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { authenticateStaff } from "./authenticate-staff";
import { changeOwnPassword } from "./change-password";
import { loadStaffContext } from "./context";
import { hashPassword, verifyPassword } from "./passwords";
import { endStaffSessions, listStaffSecurity } from "./staff-security";
import {
  SESSION_IDLE_MS,
  createStaffSession,
  endStaffSession,
  endUserSessions,
  hashSessionToken,
  summarizeUserAgent,
} from "./staff-sessions";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const MINUTE = 60_000;
const CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

const rowOf = async (id: string) => (await database.db.select().from(staffSessions).where(eq(staffSessions.id, id)))[0];
const auditOf = (clinicId: string) => database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicId)).orderBy(asc(auditLog.id));
const open = (userId: string, sessionToken: string, now?: Date) => loadStaffContext(database.db, { userId, sessionToken, now });

describe("staff sessions", () => {
  it("a new session stores only the token's SHA-256 and a user-agent summary, and opens the staff context", async () => {
    const { clinicA, staffA } = await createTwoClinics(database.db);
    const session = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id, userAgent: CHROME_WINDOWS });
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await rowOf(session.id);
    expect(row).toMatchObject({ userId: staffA.id, clinicId: clinicA.id, endedAt: null, userAgentSummary: "Chrome on Windows" });
    expect(row.tokenHash).toBe(hashSessionToken(session.token));
    expect(row.tokenHash).not.toContain(session.token);
    expect(await open(staffA.id, session.token)).toMatchObject({ userId: staffA.id, clinicId: clinicA.id });
    expect(summarizeUserAgent(null)).toBeNull();
  });

  it("an ended session opens nothing, and ending it twice ends nothing more", async () => {
    const { clinicA, staffA } = await createTwoClinics(database.db);
    const session = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id });
    const other = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id });
    expect(await endStaffSession(database.db, { token: session.token, reason: "sign_out" })).toEqual({
      id: session.id,
      clinicId: clinicA.id,
      userId: staffA.id,
    });
    expect(await open(staffA.id, session.token)).toBeNull();
    expect(await rowOf(session.id)).toMatchObject({ endedReason: "sign_out", endedAt: expect.any(Date) });
    expect(await endStaffSession(database.db, { token: session.token, reason: "sign_out" })).toBeNull();
    // The same person's other browser is not affected.
    expect(await open(staffA.id, other.token)).not.toBeNull();
  });

  it("a token opens only the session of its own user", async () => {
    const { clinicA, staffA } = await createTwoClinics(database.db);
    const colleague = await createStaff(database.db, { clinicId: clinicA.id });
    const session = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id });
    expect(await open(colleague.id, session.token)).toBeNull();
  });

  it("ends a session idle for more than 12 hours (marked idle); 12 hours exactly still opens", async () => {
    const { clinicA, staffA } = await createTwoClinics(database.db);
    const t0 = new Date("2026-03-01T08:00:00Z");
    const kept = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id, now: t0 });
    const idle = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id, now: t0 });
    expect(await open(staffA.id, kept.token, new Date(t0.getTime() + SESSION_IDLE_MS))).not.toBeNull();
    expect(await open(staffA.id, idle.token, new Date(t0.getTime() + SESSION_IDLE_MS + MINUTE))).toBeNull();
    expect(await rowOf(idle.id)).toMatchObject({ endedReason: "idle" });
    // Even back at a time it would have been fresh: ended is ended.
    expect(await open(staffA.id, idle.token, new Date(t0.getTime() + MINUTE))).toBeNull();
  });

  it("writes last_seen_at at most every 5 minutes, and activity keeps a session alive past 12 hours", async () => {
    const { clinicA, staffA } = await createTwoClinics(database.db);
    const t0 = new Date("2026-03-02T08:00:00Z");
    const session = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id, now: t0 });
    const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);
    await open(staffA.id, session.token, at(4));
    expect((await rowOf(session.id)).lastSeenAt).toEqual(t0);
    await open(staffA.id, session.token, at(6));
    expect((await rowOf(session.id)).lastSeenAt).toEqual(at(6));
    await open(staffA.id, session.token, at(10));
    expect((await rowOf(session.id)).lastSeenAt).toEqual(at(6));
    await open(staffA.id, session.token, at(11 * 60));
    expect(await open(staffA.id, session.token, at(20 * 60))).not.toBeNull();
  });

  it("ending a user's sessions is scoped to their clinic and can spare one", async () => {
    const { clinicA, clinicB, staffA } = await createTwoClinics(database.db);
    const one = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id });
    const two = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id });
    expect(await endUserSessions(database.db, { clinicId: clinicB.id, userId: staffA.id, reason: "admin" })).toBe(0);
    expect(await endUserSessions(database.db, { clinicId: clinicA.id, userId: staffA.id, reason: "admin", exceptToken: two.token })).toBe(
      1,
    );
    expect(await open(staffA.id, one.token)).toBeNull();
    expect(await open(staffA.id, two.token)).not.toBeNull();
  });
});

describe("Settings → Security: End all sessions", () => {
  it("an admin ends every session of a user of their clinic (audited); another clinic's admin and a doctor cannot", async () => {
    const { clinicA, clinicB, staffA: adminA, staffB: adminB } = await createTwoClinics(database.db, "admin");
    const doctorA = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    const userA = await createStaff(database.db, { clinicId: clinicA.id });
    const userB = await createStaff(database.db, { clinicId: clinicB.id });
    const desk = await createStaffSession(database.db, { clinicId: clinicA.id, userId: userA.id });
    const phone = await createStaffSession(database.db, { clinicId: clinicA.id, userId: userA.id });
    const sessionB = await createStaffSession(database.db, { clinicId: clinicB.id, userId: userB.id });
    const ctxA = staffContext(adminA, clinicA);

    expect((await listStaffSecurity(database.db, { clinicId: clinicA.id })).find((r) => r.userId === userA.id)?.openSessions).toBe(2);
    // Clinic A's admin cannot reach clinic B's user: not found, and the session still opens.
    expect(await endStaffSessions(database.db, ctxA, { userId: userB.id })).toEqual({ ok: false, error: "notFound" });
    expect(await open(userB.id, sessionB.token)).not.toBeNull();
    expect(await endStaffSessions(database.db, staffContext(adminB, clinicB), { userId: userA.id })).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(await endStaffSessions(database.db, staffContext(doctorA, clinicA), { userId: userA.id })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await open(userA.id, desk.token)).not.toBeNull();

    expect(await endStaffSessions(database.db, ctxA, { userId: userA.id })).toEqual({ ok: true, ended: 2 });
    expect(await open(userA.id, desk.token)).toBeNull();
    expect(await open(userA.id, phone.token)).toBeNull();
    expect((await rowOf(desk.id)).endedReason).toBe("admin");
    expect((await listStaffSecurity(database.db, { clinicId: clinicA.id })).find((r) => r.userId === userA.id)?.openSessions).toBe(0);
    expect((await auditOf(clinicA.id)).filter((e) => e.action === "auth.sessions_ended")).toEqual([
      expect.objectContaining({ actorUserId: adminA.id, entityId: userA.id, metadata: { count: 2 } }),
    ]);
    expect((await auditOf(clinicB.id)).map((e) => e.action)).toEqual([]);
  });
});

describe("changing one's own password", () => {
  async function setup() {
    const { clinicA, clinicB, staffB } = await createTwoClinics(database.db);
    const user = await createStaff(database.db, {
      clinicId: clinicA.id,
      role: "doctor",
      passwordHash: await hashPassword("old password 1"),
    });
    const ctx = staffContext(user, clinicA);
    const here = await createStaffSession(database.db, { clinicId: clinicA.id, userId: user.id });
    const elsewhere = await createStaffSession(database.db, { clinicId: clinicA.id, userId: user.id });
    const otherClinic = await createStaffSession(database.db, { clinicId: clinicB.id, userId: staffB.id });
    return { clinicA, clinicB, staffB, user, ctx, here, elsewhere, otherClinic };
  }
  const hashOf = async (userId: string) => (await database.db.select().from(users).where(eq(users.id, userId)))[0].passwordHash;

  it("checks the input with localized codes and the current password, changing nothing on an error", async () => {
    const { user, ctx, here } = await setup();
    const before = await hashOf(user.id);
    const change = (input: unknown) => changeOwnPassword(database.db, ctx, { input, sessionToken: here.token });
    expect(await change({})).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { currentPassword: "required", newPassword: "required" },
    });
    expect(await change({ currentPassword: "old password 1", newPassword: "short" })).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { newPassword: "tooShort" },
    });
    expect(await change({ currentPassword: "old password 1", newPassword: "old password 1" })).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { newPassword: "sameAsCurrent" },
    });
    expect(await change({ currentPassword: "not it", newPassword: "a new password" })).toEqual({ ok: false, error: "wrongCurrent" });
    expect(await hashOf(user.id)).toBe(before);
    expect(await open(user.id, here.token)).not.toBeNull();
  });

  it("stores the new password and ends the user's other sessions, keeping this one and other people's (audited)", async () => {
    const { clinicA, clinicB, staffB, user, ctx, here, elsewhere, otherClinic } = await setup();
    expect(
      await changeOwnPassword(database.db, ctx, {
        input: { currentPassword: "old password 1", newPassword: "a brand new one" },
        sessionToken: here.token,
      }),
    ).toEqual({ ok: true, endedSessions: 1 });
    expect(await verifyPassword(await hashOf(user.id), "a brand new one")).toBe(true);
    expect(await open(user.id, here.token)).not.toBeNull();
    expect(await open(user.id, elsewhere.token)).toBeNull();
    expect((await rowOf(elsewhere.id)).endedReason).toBe("password_changed");
    expect(await open(staffB.id, otherClinic.token)).not.toBeNull();
    const audit = JSON.stringify(await auditOf(clinicA.id));
    expect(audit).toContain("auth.password_changed");
    expect(audit).not.toContain("brand new");
    expect((await auditOf(clinicB.id)).map((e) => e.action)).toEqual([]);
  });

  it("wrong current passwords count as failed sign-ins: after 5 the change is refused, even with the right one", async () => {
    const { ctx, here } = await setup();
    for (let i = 0; i < 5; i++) {
      expect(
        await changeOwnPassword(database.db, ctx, {
          input: { currentPassword: `guess ${i}`, newPassword: "a new password" },
          sessionToken: here.token,
        }),
      ).toEqual({ ok: false, error: "wrongCurrent" });
    }
    expect(
      await changeOwnPassword(database.db, ctx, {
        input: { currentPassword: "old password 1", newPassword: "a new password" },
        sessionToken: here.token,
      }),
    ).toEqual({ ok: false, error: "locked" });
  });
});

describe("sign-in opens a session", () => {
  it("authenticateStaff returns the token of a new session row that opens the context", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const user = await createStaff(database.db, { clinicId: clinicA.id, passwordHash: await hashPassword("correct horse") });
    const result = await authenticateStaff(
      database.db,
      { email: user.email, password: "correct horse" },
      { clientKey: "203.0.113.77", userAgent: CHROME_WINDOWS },
    );
    expect(result?.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await database.db
      .select()
      .from(staffSessions)
      .where(eq(staffSessions.tokenHash, hashSessionToken(result!.sessionToken)));
    expect(row).toMatchObject({ userId: user.id, clinicId: clinicA.id, userAgentSummary: "Chrome on Windows" });
    expect(await open(user.id, result!.sessionToken)).toMatchObject({ userId: user.id });
  });
});
