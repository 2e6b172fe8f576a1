import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staffInvitations, users, type Locale } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/passwords";
import { fieldErrorsOf, sqlStateOf } from "@/lib/errors";
import { acceptInvitationSchema, type AcceptInvitationField } from "./schemas";
import { resolveInvitation } from "./team";
import { hashStaffToken } from "./tokens";

export type AcceptInvitationResult =
  | { ok: true; userId: string; email: string }
  | { ok: false; error: "invalid" | "alreadyMember" }
  | { ok: false; error: "fields"; fieldErrors: Partial<Record<AcceptInvitationField, string>> };

/**
 * The invitee sets their name and password (the rules of a password change): a user of the inviting
 * clinic with the invited role is created and the invitation is used up, in one transaction that claims
 * the invitation first — of two submissions of one link, one creates the account and the other is
 * "invalid". An expired, revoked or used link is "invalid"; an address that meanwhile got an account is
 * "alreadyMember". Nothing is written on any error.
 */
export async function acceptInvitation(
  db: Db,
  params: { token: string; input: unknown; locale: Locale; now?: Date },
): Promise<AcceptInvitationResult> {
  const now = params.now ?? new Date();
  const invitation = await resolveInvitation(db, { token: params.token, now });
  if (!invitation) return { ok: false, error: "invalid" };
  const parsed = acceptInvitationSchema.safeParse(params.input ?? {});
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf<AcceptInvitationField>(parsed.error, { topLevel: true });
    return { ok: false, error: "fields", fieldErrors };
  }
  const passwordHash = await hashPassword(parsed.data.password);
  try {
    return await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(staffInvitations)
        .set({ acceptedAt: now })
        .where(
          and(
            eq(staffInvitations.tokenHash, hashStaffToken(params.token)),
            isNull(staffInvitations.acceptedAt),
            isNull(staffInvitations.revokedAt),
            gt(staffInvitations.expiresAt, now),
          ),
        )
        .returning({ id: staffInvitations.id });
      if (!claimed) return { ok: false as const, error: "invalid" as const };
      const [user] = await tx
        .insert(users)
        .values({
          clinicId: invitation.clinicId,
          name: parsed.data.name,
          email: invitation.email,
          passwordHash,
          role: invitation.role,
          locale: params.locale,
        })
        .returning({ id: users.id });
      await tx.update(staffInvitations).set({ acceptedUserId: user.id }).where(eq(staffInvitations.id, claimed.id));
      await recordAudit(tx, {
        clinicId: invitation.clinicId,
        actorUserId: user.id,
        action: "team.invitation_accepted",
        entityType: "user",
        entityId: user.id,
        metadata: { role: invitation.role, invitationId: claimed.id },
      });
      return { ok: true as const, userId: user.id, email: invitation.email };
    });
  } catch (error) {
    // users_email_unique: someone made an account with this address after the invitation was sent.
    if (sqlStateOf(error) === "23505") return { ok: false, error: "alreadyMember" };
    throw error;
  }
}

/** For the invitation page: whether the address already has an account (then the page says so). */
export async function invitationEmailTaken(db: Db, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  return Boolean(row);
}
