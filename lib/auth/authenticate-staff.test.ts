import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomInt } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createClinic, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { authenticateStaff } from "./authenticate-staff";
import { hashPassword } from "./passwords";
import { minutesToWait, signInLockOf } from "./sign-in-throttle";
import { listStaffSecurity, unlockStaffSignIn } from "./staff-security";

let database: Database;
let passwordHash: string;
beforeAll(async () => {
  database = await openTestDatabase();
  passwordHash = await hashPassword("correct horse");
});
afterAll(async () => {
  await database.close();
});

/** A client address of its own per test (the address counter is shared by every test of the file). */
const newAddress = () => `203.0.${randomInt(0, 255)}.${randomInt(1, 255)}`;
const MINUTE = 60_000;

async function setup() {
  const clinic = await createClinic(database.db);
  const other = await createClinic(database.db);
  const user = await createStaff(database.db, { clinicId: clinic.id, role: "doctor", passwordHash });
  await createStaff(database.db, { clinicId: other.id, passwordHash });
  return { clinic, user };
}

const auditOf = (clinicId: string) => database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicId)).orderBy(asc(auditLog.id));

describe("authenticateStaff", () => {
  it("signs in with the right password, whatever the email's case, and audits it", async () => {
    const { clinic, user } = await setup();
    const result = await authenticateStaff(
      database.db,
      { email: `  ${user.email.toUpperCase()} `, password: "correct horse" },
      { clientKey: newAddress() },
    );
    expect(result).toEqual({ id: user.id, name: user.name, email: user.email, sessionToken: expect.any(String) });
    expect(await auditOf(clinic.id)).toEqual([
      expect.objectContaining({ action: "auth.sign_in", actorUserId: user.id, entityId: user.id }),
    ]);
  });

  it("refuses a wrong password, an unknown email, malformed input and a disabled user; only the known account's failure is audited", async () => {
    const { clinic, user } = await setup();
    const attempt = { clientKey: newAddress() };
    expect(await authenticateStaff(database.db, { email: user.email, password: "wrong" }, attempt)).toBeNull();
    expect(await authenticateStaff(database.db, { email: "nobody@example.test", password: "correct horse" }, attempt)).toBeNull();
    expect(await authenticateStaff(database.db, { email: "not an email", password: "correct horse" }, attempt)).toBeNull();
    expect(await authenticateStaff(database.db, undefined, attempt)).toBeNull();
    const disabled = await createStaff(database.db, { clinicId: clinic.id, passwordHash, disabledAt: new Date() });
    expect(await authenticateStaff(database.db, { email: disabled.email, password: "correct horse" }, attempt)).toBeNull();
    expect(await auditOf(clinic.id)).toEqual([
      expect.objectContaining({ action: "auth.sign_in_failed", actorUserId: null, entityId: user.id, metadata: { failures: 1 } }),
    ]);
  });
});

describe("sign-in throttling", () => {
  it("locks an account after 5 failures in 15 minutes, even against the right password, and lets its owner in once the window passes", async () => {
    const { clinic, user } = await setup();
    // Tomorrow: a counter sweep run by another test (it deletes windows ended before the real now) cannot touch it.
    const t0 = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 36_000_000);
    const at = (minutes: number) => ({ clientKey: newAddress(), now: new Date(t0.getTime() + minutes * MINUTE) });
    for (let i = 0; i < 5; i++) {
      expect(await authenticateStaff(database.db, { email: user.email, password: `guess-${i}` }, at(i))).toBeNull();
    }
    // Another address changes nothing: the lock is the account's.
    expect(await authenticateStaff(database.db, { email: user.email, password: "correct horse" }, at(5))).toBeNull();
    const lock = await signInLockOf(database.db, { email: user.email, ...at(5) });
    expect(lock).toEqual({ locked: true, scope: "account", retryAfterSeconds: 10 * 60 });
    expect(minutesToWait(lock.locked ? lock.retryAfterSeconds : 0)).toBe(10);

    expect(await authenticateStaff(database.db, { email: user.email, password: "correct horse" }, at(15))).toEqual(
      expect.objectContaining({ id: user.id }),
    );
    expect((await auditOf(clinic.id)).map((e) => [e.action, e.metadata])).toEqual([
      ["auth.sign_in_failed", { failures: 1 }],
      ["auth.sign_in_failed", { failures: 2 }],
      ["auth.sign_in_failed", { failures: 3 }],
      ["auth.sign_in_failed", { failures: 4 }],
      ["auth.sign_in_failed", { failures: 5 }],
      ["auth.locked", { failures: 5, retryAfterSeconds: 11 * 60 }],
      ["auth.sign_in_refused", { scope: "account", retryAfterSeconds: 10 * 60 }],
      ["auth.sign_in", null],
    ]);
    // A successful sign-in forgets the failures.
    expect(await signInLockOf(database.db, { email: user.email, ...at(16) })).toEqual({ locked: false });
  });

  it("never writes the password, the email or the address into the audit log", async () => {
    const { clinic, user } = await setup();
    const address = newAddress();
    for (let i = 0; i < 7; i++) {
      await authenticateStaff(database.db, { email: user.email, password: "hunter2-secret" }, { clientKey: address });
    }
    const text = JSON.stringify(await auditOf(clinic.id));
    expect(text).toContain("auth.locked");
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain(user.email);
    expect(text).not.toContain(address);
  });

  it("counts failures per address across accounts: a sprayer is stopped, other addresses are not", async () => {
    const { user } = await setup();
    const sprayer = newAddress();
    for (let i = 0; i < 30; i++) {
      await authenticateStaff(database.db, { email: `person${i}@example.test`, password: "guess" }, { clientKey: sprayer });
    }
    expect(await authenticateStaff(database.db, { email: user.email, password: "correct horse" }, { clientKey: sprayer })).toBeNull();
    expect(await signInLockOf(database.db, { email: user.email, clientKey: sprayer })).toMatchObject({ locked: true, scope: "address" });
    expect(await authenticateStaff(database.db, { email: user.email, password: "correct horse" }, { clientKey: newAddress() })).toEqual(
      expect.objectContaining({ id: user.id }),
    );
  });

  it("an admin of the clinic unlocks at once (audited); another clinic's admin and a doctor cannot", async () => {
    const { clinicA, clinicB, staffA: adminA, staffB: adminB } = await createTwoClinics(database.db, "admin");
    const doctorA = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    const locked = await createStaff(database.db, { clinicId: clinicA.id, role: "staff", passwordHash });
    for (let i = 0; i < 5; i++)
      await authenticateStaff(database.db, { email: locked.email, password: "nope" }, { clientKey: newAddress() });
    const lockedRow = (await listStaffSecurity(database.db, { clinicId: clinicA.id })).find((r) => r.userId === locked.id);
    expect(lockedRow?.lockedUntil).toBeInstanceOf(Date);
    expect((await listStaffSecurity(database.db, { clinicId: clinicB.id })).map((r) => r.userId)).not.toContain(locked.id);

    expect(await unlockStaffSignIn(database.db, staffContext(adminB, clinicB), { userId: locked.id })).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(await unlockStaffSignIn(database.db, staffContext(doctorA, clinicA), { userId: locked.id })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await unlockStaffSignIn(database.db, staffContext(adminB, clinicB), { userId: "not-a-uuid" })).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(
      await authenticateStaff(database.db, { email: locked.email, password: "correct horse" }, { clientKey: newAddress() }),
    ).toBeNull();

    expect(await unlockStaffSignIn(database.db, staffContext(adminA, clinicA), { userId: locked.id })).toEqual({ ok: true });
    expect((await listStaffSecurity(database.db, { clinicId: clinicA.id })).find((r) => r.userId === locked.id)?.lockedUntil).toBeNull();
    expect(await authenticateStaff(database.db, { email: locked.email, password: "correct horse" }, { clientKey: newAddress() })).toEqual(
      expect.objectContaining({ id: locked.id }),
    );
    const audit = await auditOf(clinicA.id);
    expect(audit.filter((e) => e.action === "auth.unlocked")).toEqual([
      expect.objectContaining({ actorUserId: adminA.id, entityId: locked.id }),
    ]);
    expect((await auditOf(clinicB.id)).map((e) => e.action)).toEqual([]);
  });
});
