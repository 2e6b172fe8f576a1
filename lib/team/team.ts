import { and, asc, desc, eq, gt, isNull, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { clinics, staffInvitations, staffSessions, users, type Locale, type StaffRole } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { endUserSessions } from "@/lib/auth/staff-sessions";
import { publicBaseUrl } from "@/lib/links/public-url";
import { renderInvitationEmail } from "@/lib/staff-mail/render";
import { StaffMailError, sendStaffEmail, type StaffMailTransport } from "@/lib/staff-mail/send";
import { inviteSchema, staffRoleSchema } from "./schemas";
import { generateStaffToken, hashStaffToken, isWellFormedStaffToken } from "./tokens";

/** An invitation link works for this long, once. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type TeamError =
  "forbidden" | "notFound" | "invalidEmail" | "invalidRole" | "alreadyMember" | "lastAdmin" | "self" | "notPending" | "mailFailed";
export type TeamResult = { ok: true } | { ok: false; error: TeamError };

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  role: StaffRole;
  disabled: boolean;
  /** The latest request of any of their sessions; null: never signed in. */
  lastSeenAt: Date | null;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: StaffRole;
  expiresAt: Date;
  expired: boolean;
}

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** The clinic's members, with their last request, for Settings → Team. */
export async function listTeamMembers(db: Db, params: { clinicId: string }): Promise<TeamMember[]> {
  const lastSeen = db
    .select({ userId: staffSessions.userId, lastSeenAt: max(staffSessions.lastSeenAt).as("last_seen_at") })
    .from(staffSessions)
    .where(eq(staffSessions.clinicId, params.clinicId))
    .groupBy(staffSessions.userId)
    .as("last_seen");
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabledAt: users.disabledAt,
      lastSeenAt: lastSeen.lastSeenAt,
    })
    .from(users)
    .leftJoin(lastSeen, eq(lastSeen.userId, users.id))
    .where(eq(users.clinicId, params.clinicId))
    .orderBy(asc(users.name));
  return rows.map((row) => ({
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role,
    disabled: row.disabledAt !== null,
    lastSeenAt: row.lastSeenAt ? new Date(row.lastSeenAt) : null,
  }));
}

/** Invitations neither accepted nor revoked (expired ones too, so they can be sent again). */
export async function listPendingInvitations(db: Db, params: { clinicId: string; now?: Date }): Promise<PendingInvitation[]> {
  const now = params.now ?? new Date();
  const rows = await db
    .select({ id: staffInvitations.id, email: staffInvitations.email, role: staffInvitations.role, expiresAt: staffInvitations.expiresAt })
    .from(staffInvitations)
    .where(and(eq(staffInvitations.clinicId, params.clinicId), isNull(staffInvitations.acceptedAt), isNull(staffInvitations.revokedAt)))
    .orderBy(desc(staffInvitations.createdAt));
  return rows.map((row) => ({ ...row, expired: row.expiresAt.getTime() <= now.getTime() }));
}

async function emailIsTaken(db: Db, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  return Boolean(row);
}

interface SendOptions {
  now?: Date;
  /** The invitee's language for the email (default: the admin's). */
  locale?: Locale;
  transport?: StaffMailTransport;
}

async function mailInvitation(
  db: Db,
  ctx: StaffContext,
  invitation: { id: string; email: string; role: StaffRole },
  token: string,
  options: SendOptions,
): Promise<void> {
  const locale = options.locale ?? ctx.locale;
  const url = `${publicBaseUrl()}/${locale}/invite/${token}`;
  const rendered = await renderInvitationEmail({ locale, clinicName: ctx.clinic.name, inviterName: ctx.name, role: invitation.role, url });
  await sendStaffEmail(
    db,
    {
      clinicId: ctx.clinicId,
      kind: "invitation",
      to: invitation.email,
      idempotencyKey: `staff-invitation/${hashStaffToken(token)}`,
      ...rendered,
    },
    options.transport,
  );
}

/**
 * An admin invites someone by email with a role: a pending invitation with a fresh token (its SHA-256
 * stored, 7 days), emailed to them; an earlier pending invitation of the same address is revoked. An
 * address that already has a Luna account is refused ("alreadyMember"). If the email cannot be sent,
 * nothing is written. Audited without the address.
 */
export async function inviteStaff(
  db: Db,
  ctx: StaffContext,
  params: { input: unknown } & SendOptions,
): Promise<{ ok: true; invitationId: string } | { ok: false; error: TeamError }> {
  if (!can(ctx.role, "team:write")) return { ok: false, error: "forbidden" };
  const raw = (params.input ?? {}) as { email?: unknown; role?: unknown };
  const parsed = inviteSchema.safeParse(raw);
  if (!parsed.success) {
    const emailBad = parsed.error.issues.some((issue) => issue.path[0] === "email");
    return { ok: false, error: emailBad ? "invalidEmail" : "invalidRole" };
  }
  const { email, role } = parsed.data;
  if (await emailIsTaken(db, email)) return { ok: false, error: "alreadyMember" };
  const now = params.now ?? new Date();
  const token = generateStaffToken();
  try {
    return await db.transaction(async (tx) => {
      const revoked = await tx
        .update(staffInvitations)
        .set({ revokedAt: now })
        .where(
          and(
            eq(staffInvitations.clinicId, ctx.clinicId),
            eq(staffInvitations.email, email),
            isNull(staffInvitations.acceptedAt),
            isNull(staffInvitations.revokedAt),
          ),
        )
        .returning({ id: staffInvitations.id });
      const [invitation] = await tx
        .insert(staffInvitations)
        .values({
          clinicId: ctx.clinicId,
          email,
          role,
          tokenHash: hashStaffToken(token),
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
          invitedById: ctx.userId,
          createdAt: now,
        })
        .returning({ id: staffInvitations.id });
      await recordAudit(tx, {
        clinicId: ctx.clinicId,
        actorUserId: ctx.userId,
        action: "team.invited",
        entityType: "staff_invitation",
        entityId: invitation.id,
        metadata: { role, replaced: revoked.length },
      });
      // Last: a failed send rolls the invitation back.
      await mailInvitation(tx, ctx, { id: invitation.id, email, role }, token, params);
      return { ok: true as const, invitationId: invitation.id };
    });
  } catch (error) {
    if (error instanceof StaffMailError) return { ok: false, error: "mailFailed" };
    throw error;
  }
}

async function findPendingInvitation(db: Db, clinicId: string, invitationId: string) {
  if (!isUuid(invitationId)) return null;
  const [row] = await db
    .select()
    .from(staffInvitations)
    .where(and(eq(staffInvitations.id, invitationId), eq(staffInvitations.clinicId, clinicId)))
    .limit(1);
  return row ?? null;
}

/**
 * Sends a pending (or expired) invitation again with a new token and 7 more days: the old link stops
 * working. Another clinic's invitation is not found; an accepted or revoked one is "notPending".
 */
export async function resendInvitation(db: Db, ctx: StaffContext, params: { invitationId: string } & SendOptions): Promise<TeamResult> {
  if (!can(ctx.role, "team:write")) return { ok: false, error: "forbidden" };
  const invitation = await findPendingInvitation(db, ctx.clinicId, String(params.invitationId));
  if (!invitation) return { ok: false, error: "notFound" };
  if (invitation.acceptedAt || invitation.revokedAt) return { ok: false, error: "notPending" };
  const now = params.now ?? new Date();
  const token = generateStaffToken();
  try {
    return await db.transaction(async (tx) => {
      await tx
        .update(staffInvitations)
        .set({ tokenHash: hashStaffToken(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) })
        .where(and(eq(staffInvitations.id, invitation.id), eq(staffInvitations.clinicId, ctx.clinicId)));
      await recordAudit(tx, {
        clinicId: ctx.clinicId,
        actorUserId: ctx.userId,
        action: "team.invitation_resent",
        entityType: "staff_invitation",
        entityId: invitation.id,
      });
      await mailInvitation(tx, ctx, invitation, token, params);
      return { ok: true as const };
    });
  } catch (error) {
    if (error instanceof StaffMailError) return { ok: false, error: "mailFailed" };
    throw error;
  }
}

/** Withdraws a pending invitation: its link then answers "invalid". Audited. */
export async function revokeInvitation(db: Db, ctx: StaffContext, params: { invitationId: string; now?: Date }): Promise<TeamResult> {
  if (!can(ctx.role, "team:write")) return { ok: false, error: "forbidden" };
  const invitation = await findPendingInvitation(db, ctx.clinicId, String(params.invitationId));
  if (!invitation) return { ok: false, error: "notFound" };
  if (invitation.acceptedAt || invitation.revokedAt) return { ok: false, error: "notPending" };
  return db.transaction(async (tx) => {
    await tx
      .update(staffInvitations)
      .set({ revokedAt: params.now ?? new Date() })
      .where(and(eq(staffInvitations.id, invitation.id), eq(staffInvitations.clinicId, ctx.clinicId)));
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "team.invitation_revoked",
      entityType: "staff_invitation",
      entityId: invitation.id,
    });
    return { ok: true as const };
  });
}

/**
 * The clinic's active admins other than `userId`, locked for the rest of the transaction so that two
 * admins demoting each other at once cannot leave the clinic with none.
 */
async function otherActiveAdmins(tx: Db, clinicId: string, userId: string): Promise<number> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.clinicId, clinicId), eq(users.role, "admin"), isNull(users.disabledAt)))
    .for("update");
  return rows.filter((row) => row.id !== userId).length;
}

async function findMember(db: Db, clinicId: string, userId: string) {
  if (!isUuid(userId)) return null;
  const [row] = await db
    .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.clinicId, clinicId)))
    .limit(1);
  return row ?? null;
}

/** Changes a member's role; the last active admin cannot be demoted (themselves included). Audited. */
export async function changeMemberRole(db: Db, ctx: StaffContext, params: { userId: string; role: unknown }): Promise<TeamResult> {
  if (!can(ctx.role, "team:write")) return { ok: false, error: "forbidden" };
  const role = staffRoleSchema.safeParse(params.role);
  if (!role.success) return { ok: false, error: "invalidRole" };
  const member = await findMember(db, ctx.clinicId, String(params.userId));
  if (!member) return { ok: false, error: "notFound" };
  if (member.role === role.data) return { ok: true };
  return db.transaction(async (tx) => {
    if (member.role === "admin" && !member.disabledAt && (await otherActiveAdmins(tx, ctx.clinicId, member.id)) === 0) {
      return { ok: false as const, error: "lastAdmin" as const };
    }
    await tx
      .update(users)
      .set({ role: role.data })
      .where(and(eq(users.id, member.id), eq(users.clinicId, ctx.clinicId)));
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "team.role_changed",
      entityType: "user",
      entityId: member.id,
      metadata: { from: member.role, to: role.data },
    });
    return { ok: true as const };
  });
}

/**
 * Deactivates a member (`users.disabled_at`): every session of theirs ends at once ("user_disabled") and
 * sign-in refuses them. Not oneself; not the last active admin. Reactivating lets them sign in again.
 * Audited.
 */
export async function setMemberActive(
  db: Db,
  ctx: StaffContext,
  params: { userId: string; active: boolean; now?: Date },
): Promise<TeamResult & { endedSessions?: number }> {
  if (!can(ctx.role, "team:write")) return { ok: false, error: "forbidden" };
  const member = await findMember(db, ctx.clinicId, String(params.userId));
  if (!member) return { ok: false, error: "notFound" };
  if (!params.active && member.id === ctx.userId) return { ok: false, error: "self" };
  if (params.active === !member.disabledAt) return { ok: true };
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    if (!params.active && member.role === "admin" && (await otherActiveAdmins(tx, ctx.clinicId, member.id)) === 0) {
      return { ok: false as const, error: "lastAdmin" as const };
    }
    await tx
      .update(users)
      .set({ disabledAt: params.active ? null : now })
      .where(and(eq(users.id, member.id), eq(users.clinicId, ctx.clinicId)));
    const endedSessions = params.active
      ? 0
      : await endUserSessions(tx, { clinicId: ctx.clinicId, userId: member.id, reason: "user_disabled", now });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: params.active ? "team.reactivated" : "team.deactivated",
      entityType: "user",
      entityId: member.id,
      metadata: params.active ? undefined : { endedSessions },
    });
    return { ok: true as const, endedSessions };
  });
}

export type OpenInvitation = { id: string; clinicId: string; clinicName: string; email: string; role: StaffRole };

/** The invitation of a link if it can still be accepted (not used, not revoked, not expired), else null. */
export async function resolveInvitation(db: Db, params: { token: string; now?: Date }): Promise<OpenInvitation | null> {
  if (!isWellFormedStaffToken(params.token)) return null;
  const now = params.now ?? new Date();
  const [row] = await db
    .select({
      id: staffInvitations.id,
      clinicId: staffInvitations.clinicId,
      clinicName: clinics.name,
      email: staffInvitations.email,
      role: staffInvitations.role,
    })
    .from(staffInvitations)
    .innerJoin(clinics, eq(clinics.id, staffInvitations.clinicId))
    .where(
      and(
        eq(staffInvitations.tokenHash, hashStaffToken(params.token)),
        isNull(staffInvitations.acceptedAt),
        isNull(staffInvitations.revokedAt),
        gt(staffInvitations.expiresAt, now),
      ),
    )
    .limit(1);
  return row ?? null;
}
