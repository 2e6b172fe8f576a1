import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { auditLog, passwordResets, staffEmails, staffSessions, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics } from "@/db/testing/factories";
import { consumeRateLimit } from "@/lib/security/rate-limiter";
import { createOutboxStaffMailTransport, listStaffEmails } from "@/lib/staff-mail/send";
import { hashStaffToken } from "@/lib/team/tokens";
import { authenticateStaff } from "./authenticate-staff";
import { loadStaffContext } from "./context";
import { hashPassword } from "./passwords";
import { PASSWORD_RESET_TTL_MS, RESET_PER_EMAIL, requestPasswordReset, resetPassword, resolvePasswordReset } from "./password-reset";
import { ACCOUNT_FAILURES } from "./sign-in-throttle";
import { createStaffSession } from "./staff-sessions";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const outbox = createOutboxStaffMailTransport();
const NEW_PASSWORD = "otra-clave-larga-2";
const clientKey = () => `test-${randomUUID()}`;

async function member() {
  const { clinicA, clinicB } = await createTwoClinics(database.db, "admin");
  const email = `olvido-${randomUUID().slice(0, 8)}@example.test`;
  const user = await createStaff(database.db, {
    clinicId: clinicA.id,
    role: "doctor",
    email,
    passwordHash: await hashPassword("vieja-clave-larga"),
    locale: "en",
  });
  return { clinicA, clinicB, user, email };
}

async function tokenOf(clinicId: string, to: string) {
  const [mail] = await listStaffEmails(database.db, { clinicId, to });
  return { mail, token: mail?.text.match(/\/reset-password\/([A-Za-z0-9_-]{22})/)?.[1] };
}

describe("forgot password", () => {
  it("answers the same for an unknown email and writes nothing; a member gets a 15-minute link in their language", async () => {
    const { clinicA, user, email } = await member();
    const unknown = await requestPasswordReset(database.db, {
      email: `nadie-${randomUUID()}@example.test`,
      clientKey: clientKey(),
      transport: outbox,
    });
    const known = await requestPasswordReset(database.db, { email: email.toUpperCase(), clientKey: clientKey(), transport: outbox });
    expect(unknown).toEqual({ ok: true });
    expect(known).toEqual(unknown);
    const { mail, token } = await tokenOf(clinicA.id, email);
    expect(mail).toMatchObject({ kind: "password_reset", subject: "Reset your Luna password" });
    expect(mail.text).toContain(`/en/reset-password/${token}`);
    const [row] = await database.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(row.tokenHash).toBe(hashStaffToken(token!));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(PASSWORD_RESET_TTL_MS);
    expect(await database.db.select().from(staffEmails)).toSatisfy((rows: { toEmail: string }[]) =>
      rows.every((r) => !r.toEmail.startsWith("nadie-")),
    );
  });

  it("with `defer`, the member's link and email are made after the answer (a known email answers as fast as an unknown one)", async () => {
    const { clinicA, email } = await member();
    const tasks: (() => Promise<void>)[] = [];
    const result = await requestPasswordReset(database.db, {
      email,
      clientKey: clientKey(),
      transport: outbox,
      defer: (task) => tasks.push(task),
    });
    expect(result).toEqual({ ok: true });
    expect(await listStaffEmails(database.db, { clinicId: clinicA.id })).toHaveLength(0);
    expect(tasks).toHaveLength(1);
    await tasks[0]();
    expect((await tokenOf(clinicA.id, email)).token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const none: (() => Promise<void>)[] = [];
    await requestPasswordReset(database.db, {
      email: `nadie-${randomUUID()}@example.test`,
      clientKey: clientKey(),
      defer: (task) => none.push(task),
    });
    expect(none).toHaveLength(0);
  });

  it("a disabled member gets nothing (and the same answer)", async () => {
    const { clinicA, user, email } = await member();
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await requestPasswordReset(database.db, { email, clientKey: clientKey(), transport: outbox })).toEqual({ ok: true });
    expect(await listStaffEmails(database.db, { clinicId: clinicA.id })).toHaveLength(0);
  });

  it("is throttled per email and per address, the same whether or not the email exists", async () => {
    const { email } = await member();
    const unknown = `nadie-${randomUUID()}@example.test`;
    for (const address of [email, unknown]) {
      for (let i = 0; i < RESET_PER_EMAIL.points; i++) {
        expect(await requestPasswordReset(database.db, { email: address, clientKey: clientKey(), transport: outbox })).toEqual({
          ok: true,
        });
      }
      expect(await requestPasswordReset(database.db, { email: address, clientKey: clientKey(), transport: outbox })).toMatchObject({
        ok: false,
        error: "throttled",
      });
    }
    const desk = clientKey();
    for (let i = 0; i < 10; i++)
      await requestPasswordReset(database.db, { email: `x${i}-${randomUUID()}@example.test`, clientKey: desk, transport: outbox });
    expect(
      await requestPasswordReset(database.db, { email: `y-${randomUUID()}@example.test`, clientKey: desk, transport: outbox }),
    ).toMatchObject({
      error: "throttled",
      retryAfterSeconds: expect.any(Number),
    });
    expect(await requestPasswordReset(database.db, { email: "no es correo", clientKey: clientKey(), transport: outbox })).toEqual({
      ok: false,
      error: "invalidEmail",
    });
  });

  it("resetting sets the password, ends every session, clears the lockout, and the link works once", async () => {
    const { clinicA, user, email } = await member();
    const s1 = await createStaffSession(database.db, { clinicId: clinicA.id, userId: user.id });
    const s2 = await createStaffSession(database.db, { clinicId: clinicA.id, userId: user.id });
    for (let i = 0; i < ACCOUNT_FAILURES.points; i++) await consumeRateLimit(database.db, { limit: ACCOUNT_FAILURES, key: email });
    await requestPasswordReset(database.db, { email, clientKey: clientKey(), transport: outbox });
    const { token } = await tokenOf(clinicA.id, email);

    expect(await resetPassword(database.db, { token: token!, password: "corta" })).toEqual({ ok: false, error: "tooShort" });
    expect(await resolvePasswordReset(database.db, { token: token! })).not.toBeNull();
    expect(await resetPassword(database.db, { token: token!, password: NEW_PASSWORD })).toEqual({ ok: true, endedSessions: 2 });
    for (const s of [s1, s2]) expect(await loadStaffContext(database.db, { userId: user.id, sessionToken: s.token })).toBeNull();
    const ended = await database.db.select().from(staffSessions).where(eq(staffSessions.userId, user.id));
    expect(ended.every((s) => s.endedReason === "password_reset")).toBe(true);
    expect(await authenticateStaff(database.db, { email, password: NEW_PASSWORD }, { clientKey: clientKey() })).toMatchObject({
      id: user.id,
    });

    expect(await resetPassword(database.db, { token: token!, password: "y-otra-mas-larga" })).toEqual({ ok: false, error: "invalid" });
    expect(await authenticateStaff(database.db, { email, password: "y-otra-mas-larga" }, { clientKey: clientKey() })).toBeNull();
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id)).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toContain("auth.password_reset");
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  it("an expired, malformed or unknown link is invalid and changes nothing", async () => {
    const { clinicA, user, email } = await member();
    const then = new Date(Date.now() - PASSWORD_RESET_TTL_MS - 1000);
    await requestPasswordReset(database.db, { email, clientKey: clientKey(), transport: outbox, now: then });
    const { token } = await tokenOf(clinicA.id, email);
    const session = await createStaffSession(database.db, { clinicId: clinicA.id, userId: user.id });
    expect(await resetPassword(database.db, { token: token!, password: NEW_PASSWORD })).toEqual({ ok: false, error: "invalid" });
    expect(await resetPassword(database.db, { token: "short", password: NEW_PASSWORD })).toEqual({ ok: false, error: "invalid" });
    expect(await resetPassword(database.db, { token: "AAAAAAAAAAAAAAAAAAAAAA", password: NEW_PASSWORD })).toEqual({
      ok: false,
      error: "invalid",
    });
    expect(await loadStaffContext(database.db, { userId: user.id, sessionToken: session.token })).not.toBeNull();
    expect(await authenticateStaff(database.db, { email, password: "vieja-clave-larga" }, { clientKey: clientKey() })).toMatchObject({
      id: user.id,
    });
  });
});
