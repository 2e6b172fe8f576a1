import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { auditLog, staffEmails, staffInvitations, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { authenticateStaff } from "@/lib/auth/authenticate-staff";
import { loadStaffContext } from "@/lib/auth/context";
import { createStaffSession } from "@/lib/auth/staff-sessions";
import { createOutboxStaffMailTransport, listStaffEmails, type StaffMailTransport } from "@/lib/staff-mail/send";
import { StaffMailError } from "@/lib/staff-mail/send";
import { acceptInvitation } from "./accept";
import {
  INVITATION_TTL_MS,
  changeMemberRole,
  inviteStaff,
  listPendingInvitations,
  listTeamMembers,
  resendInvitation,
  resolveInvitation,
  revokeInvitation,
  setMemberActive,
} from "./team";
import { hashStaffToken } from "./tokens";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const outbox = createOutboxStaffMailTransport();
const failing: StaffMailTransport = {
  name: "resend",
  send: async () => {
    throw new StaffMailError("validation_error", "bad");
  },
};
const PASSWORD = "una-clave-larga-1";

async function twoAdmins() {
  const two = await createTwoClinics(database.db, "admin");
  return two;
}
const auditActions = async (clinicId: string) =>
  (await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicId)).orderBy(asc(auditLog.id))).map((row) => row.action);
const newEmail = () => `nuevo-${randomUUID().slice(0, 8)}@example.test`;

/** The token of the latest invitation email to `to` (the embedded outbox row is the email). */
async function tokenFromOutbox(clinicId: string, to: string) {
  const [mail] = await listStaffEmails(database.db, { clinicId, to });
  const match = mail.text.match(/\/invite\/([A-Za-z0-9_-]{22})/);
  return { token: match![1], mail };
}

describe("team: invitations", () => {
  it("an admin invites by email: a pending invitation with a hashed 7-day token, the email in the outbox, audited", async () => {
    const { clinicA, ctxA, clinicB } = await twoAdmins();
    const email = newEmail();
    const now = new Date();
    const result = await inviteStaff(database.db, ctxA, { input: { email: email.toUpperCase(), role: "doctor" }, transport: outbox, now });
    expect(result.ok).toBe(true);
    const { token, mail } = await tokenFromOutbox(clinicA.id, email);
    expect(mail).toMatchObject({ kind: "invitation", transport: "outbox" });
    const [row] = await database.db.select().from(staffInvitations).where(eq(staffInvitations.clinicId, clinicA.id));
    expect(row).toMatchObject({ email, role: "doctor", tokenHash: hashStaffToken(token), acceptedAt: null });
    expect(row.tokenHash).not.toContain(token);
    expect(row.expiresAt.getTime() - now.getTime()).toBe(INVITATION_TTL_MS);
    expect(await resolveInvitation(database.db, { token })).toMatchObject({ clinicId: clinicA.id, email, role: "doctor" });
    expect(await listPendingInvitations(database.db, { clinicId: clinicA.id })).toHaveLength(1);
    expect(await listPendingInvitations(database.db, { clinicId: clinicB.id })).toHaveLength(0);
    expect(await auditActions(clinicA.id)).toEqual(["team.invited"]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id));
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  it("refuses non-admins, a bad email or role, and an address that already has an account: nothing written", async () => {
    const { clinicA, ctxA, staffB } = await twoAdmins();
    const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    const ctxDoctor = staffContext(doctor, { ...clinicA });
    expect(await inviteStaff(database.db, ctxDoctor, { input: { email: newEmail(), role: "staff" }, transport: outbox })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await inviteStaff(database.db, ctxA, { input: { email: "no-es-correo", role: "staff" }, transport: outbox })).toEqual({
      ok: false,
      error: "invalidEmail",
    });
    expect(await inviteStaff(database.db, ctxA, { input: { email: newEmail(), role: "owner" }, transport: outbox })).toEqual({
      ok: false,
      error: "invalidRole",
    });
    expect(await inviteStaff(database.db, ctxA, { input: { email: staffB.email, role: "staff" }, transport: outbox })).toEqual({
      ok: false,
      error: "alreadyMember",
    });
    expect(await inviteStaff(database.db, ctxA, { input: { email: newEmail(), role: "staff" }, transport: failing })).toEqual({
      ok: false,
      error: "mailFailed",
    });
    expect(await database.db.select().from(staffInvitations).where(eq(staffInvitations.clinicId, clinicA.id))).toHaveLength(0);
    expect(await database.db.select().from(staffEmails).where(eq(staffEmails.clinicId, clinicA.id))).toHaveLength(0);
    expect(await auditActions(clinicA.id)).toEqual([]);
  });

  it("accepting creates the member with the invited role, signs in with the new password, and the link works once", async () => {
    const { clinicA, ctxA } = await twoAdmins();
    const email = newEmail();
    await inviteStaff(database.db, ctxA, { input: { email, role: "doctor" }, transport: outbox });
    const { token } = await tokenFromOutbox(clinicA.id, email);

    const short = await acceptInvitation(database.db, { token, input: { name: "Dra. Ruiz", password: "corta" }, locale: "en" });
    expect(short).toEqual({ ok: false, error: "fields", fieldErrors: { password: "tooShort" } });
    expect(await acceptInvitation(database.db, { token, input: { name: " ", password: PASSWORD }, locale: "en" })).toMatchObject({
      fieldErrors: { name: "required" },
    });

    const accepted = await acceptInvitation(database.db, { token, input: { name: "Dra. Ruiz", password: PASSWORD }, locale: "en" });
    expect(accepted).toMatchObject({ ok: true, email });
    const [user] = await database.db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ clinicId: clinicA.id, role: "doctor", name: "Dra. Ruiz", locale: "en", disabledAt: null });
    expect(await authenticateStaff(database.db, { email, password: PASSWORD }, { clientKey: "test" })).toMatchObject({ id: user.id });

    const again = await acceptInvitation(database.db, { token, input: { name: "Otra", password: PASSWORD }, locale: "es" });
    expect(again).toEqual({ ok: false, error: "invalid" });
    expect(await database.db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
    expect(await listPendingInvitations(database.db, { clinicId: clinicA.id })).toHaveLength(0);
    expect((await auditActions(clinicA.id)).filter((a) => a.startsWith("team."))).toEqual(["team.invited", "team.invitation_accepted"]);
  });

  it("an expired, revoked, resent-over or malformed link is invalid and writes nothing", async () => {
    const { clinicA, ctxA } = await twoAdmins();
    const email = newEmail();
    const then = new Date(Date.now() - INVITATION_TTL_MS - 60_000);
    await inviteStaff(database.db, ctxA, { input: { email, role: "staff" }, transport: outbox, now: then });
    const { token: expired } = await tokenFromOutbox(clinicA.id, email);
    expect(await resolveInvitation(database.db, { token: expired })).toBeNull();
    expect(await acceptInvitation(database.db, { token: expired, input: { name: "X", password: PASSWORD }, locale: "es" })).toEqual({
      ok: false,
      error: "invalid",
    });
    const [pending] = await listPendingInvitations(database.db, { clinicId: clinicA.id });
    expect(pending.expired).toBe(true);

    // Resending gives a new link (7 more days); the old one stays dead.
    expect(await resendInvitation(database.db, ctxA, { invitationId: pending.id, transport: outbox })).toEqual({ ok: true });
    const { token: fresh } = await tokenFromOutbox(clinicA.id, email);
    expect(fresh).not.toBe(expired);
    expect(await resolveInvitation(database.db, { token: fresh })).not.toBeNull();
    expect(await resolveInvitation(database.db, { token: expired })).toBeNull();

    expect(await revokeInvitation(database.db, ctxA, { invitationId: pending.id })).toEqual({ ok: true });
    expect(await acceptInvitation(database.db, { token: fresh, input: { name: "X", password: PASSWORD }, locale: "es" })).toEqual({
      ok: false,
      error: "invalid",
    });
    expect(await revokeInvitation(database.db, ctxA, { invitationId: pending.id })).toEqual({ ok: false, error: "notPending" });
    expect(await resendInvitation(database.db, ctxA, { invitationId: pending.id, transport: outbox })).toEqual({
      ok: false,
      error: "notPending",
    });
    expect(await acceptInvitation(database.db, { token: "not-a-token", input: { name: "X", password: PASSWORD }, locale: "es" })).toEqual({
      ok: false,
      error: "invalid",
    });
    expect(await database.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
    expect(await auditActions(clinicA.id)).toEqual(["team.invited", "team.invitation_resent", "team.invitation_revoked"]);
  });

  it("an address that got an account after the invitation was sent: alreadyMember, nothing written", async () => {
    const { clinicA, clinicB, ctxA } = await twoAdmins();
    const email = newEmail();
    await inviteStaff(database.db, ctxA, { input: { email, role: "staff" }, transport: outbox });
    const { token } = await tokenFromOutbox(clinicA.id, email);
    await createStaff(database.db, { clinicId: clinicB.id, email });
    expect(await acceptInvitation(database.db, { token, input: { name: "X", password: PASSWORD }, locale: "es" })).toEqual({
      ok: false,
      error: "alreadyMember",
    });
    expect(await resolveInvitation(database.db, { token })).not.toBeNull();
    expect(await database.db.select().from(users).where(eq(users.clinicId, clinicA.id))).toHaveLength(1);
  });

  it("another clinic's invitation is not found, and nothing changes", async () => {
    const { clinicB, ctxA, ctxB } = await twoAdmins();
    await inviteStaff(database.db, ctxB, { input: { email: newEmail(), role: "staff" }, transport: outbox });
    const [theirs] = await listPendingInvitations(database.db, { clinicId: clinicB.id });
    expect(await revokeInvitation(database.db, ctxA, { invitationId: theirs.id })).toEqual({ ok: false, error: "notFound" });
    expect(await resendInvitation(database.db, ctxA, { invitationId: theirs.id, transport: outbox })).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(await revokeInvitation(database.db, ctxA, { invitationId: "nope" })).toEqual({ ok: false, error: "notFound" });
    expect(await listPendingInvitations(database.db, { clinicId: clinicB.id })).toHaveLength(1);
    expect(await listStaffEmails(database.db, { clinicId: clinicB.id })).toHaveLength(1);
  });
});

describe("team: members", () => {
  it("lists the clinic's members with role, status and last seen; never another clinic's", async () => {
    const { clinicA, staffA, staffB } = await twoAdmins();
    const seen = new Date("2026-11-02T15:00:00Z");
    await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id, now: seen });
    const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor", name: "Zeta" });
    const members = await listTeamMembers(database.db, { clinicId: clinicA.id });
    expect(members.map((m) => m.userId)).toEqual([staffA.id, doctor.id]);
    expect(members[0]).toMatchObject({ role: "admin", disabled: false, lastSeenAt: seen });
    expect(members[1].lastSeenAt).toBeNull();
    expect(members.some((m) => m.userId === staffB.id)).toBe(false);
  });

  it("changes a role; the last active admin cannot be demoted; audited", async () => {
    const { clinicA, staffA, ctxA } = await twoAdmins();
    const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    expect(await changeMemberRole(database.db, ctxA, { userId: staffA.id, role: "doctor" })).toEqual({ ok: false, error: "lastAdmin" });
    expect(await changeMemberRole(database.db, ctxA, { userId: doctor.id, role: "superuser" })).toEqual({
      ok: false,
      error: "invalidRole",
    });
    expect(await changeMemberRole(database.db, ctxA, { userId: doctor.id, role: "admin" })).toEqual({ ok: true });
    expect(await changeMemberRole(database.db, ctxA, { userId: staffA.id, role: "staff" })).toEqual({ ok: true });
    const roles = await database.db.select({ id: users.id, role: users.role }).from(users).where(eq(users.clinicId, clinicA.id));
    expect(new Map(roles.map((r) => [r.id, r.role]))).toEqual(
      new Map([
        [staffA.id, "staff"],
        [doctor.id, "admin"],
      ]),
    );
    expect(await auditActions(clinicA.id)).toEqual(["team.role_changed", "team.role_changed"]);
  });

  it("a disabled admin does not count as the other admin", async () => {
    const { clinicA, staffA, ctxA } = await twoAdmins();
    await createStaff(database.db, { clinicId: clinicA.id, role: "admin", disabledAt: new Date() });
    expect(await changeMemberRole(database.db, ctxA, { userId: staffA.id, role: "staff" })).toEqual({ ok: false, error: "lastAdmin" });
  });

  it("deactivating ends the member's sessions at once and refuses sign-in; reactivating lets them back; audited", async () => {
    const { clinicA, ctxA } = await twoAdmins();
    const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    const session = await createStaffSession(database.db, { clinicId: clinicA.id, userId: doctor.id });
    expect(await loadStaffContext(database.db, { userId: doctor.id, sessionToken: session.token })).not.toBeNull();
    expect(await setMemberActive(database.db, ctxA, { userId: doctor.id, active: false })).toEqual({ ok: true, endedSessions: 1 });
    expect(await loadStaffContext(database.db, { userId: doctor.id, sessionToken: session.token })).toBeNull();
    const [row] = await database.db.select().from(users).where(eq(users.id, doctor.id));
    expect(row.disabledAt).toBeInstanceOf(Date);
    expect((await listTeamMembers(database.db, { clinicId: clinicA.id })).find((m) => m.userId === doctor.id)?.disabled).toBe(true);
    expect(await setMemberActive(database.db, ctxA, { userId: doctor.id, active: true })).toMatchObject({ ok: true });
    const [back] = await database.db.select().from(users).where(eq(users.id, doctor.id));
    expect(back.disabledAt).toBeNull();
    expect(await auditActions(clinicA.id)).toEqual(["team.deactivated", "team.reactivated"]);
  });

  it("you cannot deactivate yourself nor the last active admin", async () => {
    const { clinicA, staffA, ctxA } = await twoAdmins();
    expect(await setMemberActive(database.db, ctxA, { userId: staffA.id, active: false })).toEqual({ ok: false, error: "self" });
    const other = await createStaff(database.db, { clinicId: clinicA.id, role: "admin" });
    const ctxOther = staffContext(other, clinicA);
    // Two admins: one may deactivate the other; then the remaining one is the last.
    expect(await setMemberActive(database.db, ctxOther, { userId: staffA.id, active: false })).toMatchObject({ ok: true });
    await setMemberActive(database.db, ctxOther, { userId: staffA.id, active: true });
    await changeMemberRole(database.db, ctxOther, { userId: staffA.id, role: "staff" });
    const ctxDemoted = { ...ctxA, role: "admin" as const };
    expect(await setMemberActive(database.db, ctxDemoted, { userId: other.id, active: false })).toEqual({ ok: false, error: "lastAdmin" });
    const [row] = await database.db.select().from(users).where(eq(users.id, other.id));
    expect(row.disabledAt).toBeNull();
  });

  it("another clinic's member is not found and nothing is written; non-admins are refused", async () => {
    const { clinicA, clinicB, ctxA, staffB } = await twoAdmins();
    const doctorB = await createStaff(database.db, { clinicId: clinicB.id, role: "doctor" });
    const session = await createStaffSession(database.db, { clinicId: clinicB.id, userId: doctorB.id });
    expect(await setMemberActive(database.db, ctxA, { userId: doctorB.id, active: false })).toEqual({ ok: false, error: "notFound" });
    expect(await changeMemberRole(database.db, ctxA, { userId: staffB.id, role: "staff" })).toEqual({ ok: false, error: "notFound" });
    expect(await changeMemberRole(database.db, ctxA, { userId: "not-a-uuid", role: "staff" })).toEqual({ ok: false, error: "notFound" });
    expect(await loadStaffContext(database.db, { userId: doctorB.id, sessionToken: session.token })).not.toBeNull();
    const rows = await database.db.select().from(users).where(eq(users.clinicId, clinicB.id));
    expect(rows.every((r) => r.disabledAt === null)).toBe(true);
    expect(rows.find((r) => r.id === staffB.id)?.role).toBe("admin");
    expect(await auditActions(clinicA.id)).toEqual([]);
    const deskA = await createStaff(database.db, { clinicId: clinicA.id, role: "staff" });
    expect(await setMemberActive(database.db, staffContext(deskA, clinicA), { userId: deskA.id, active: false })).toEqual({
      ok: false,
      error: "forbidden",
    });
  });
});
