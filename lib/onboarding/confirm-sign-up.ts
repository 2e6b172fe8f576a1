import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinicSignups, users, type ClinicSignup } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { sqlStateOf, UNIQUE_VIOLATION } from "@/lib/errors";
import { hashStaffToken, isWellFormedStaffToken } from "@/lib/team/tokens";
import { createClinic } from "./create-clinic";

/** The pending sign-up behind a link if it can still be used, else null (unknown, used or expired). */
export async function resolveClinicSignUp(
  db: Db,
  params: { token: string; now?: Date },
): Promise<Pick<ClinicSignup, "id" | "clinicName" | "email" | "locale"> | null> {
  if (!isWellFormedStaffToken(params.token)) return null;
  const [row] = await db
    .select({ id: clinicSignups.id, clinicName: clinicSignups.clinicName, email: clinicSignups.email, locale: clinicSignups.locale })
    .from(clinicSignups)
    .where(
      and(
        eq(clinicSignups.tokenHash, hashStaffToken(params.token)),
        isNull(clinicSignups.confirmedAt),
        gt(clinicSignups.expiresAt, params.now ?? new Date()),
      ),
    )
    .limit(1);
  return row ?? null;
}

export type ConfirmSignUpResult =
  { ok: true; clinicId: string; userId: string; email: string } | { ok: false; error: "invalid" | "alreadyMember" };

/**
 * Uses a confirmation link: in one transaction that claims the sign-up first (of two uses of one link, one
 * makes the clinic and the other is "invalid"), the clinic is made with its defaults and trial
 * (createClinic), its first admin with the password chosen at sign-up, and both are audited. An unknown,
 * used or expired link is "invalid"; an address that got an account in the meantime is "alreadyMember".
 * Nothing is written on any error.
 */
export async function confirmClinicSignUp(db: Db, params: { token: string; now?: Date }): Promise<ConfirmSignUpResult> {
  const now = params.now ?? new Date();
  if (!isWellFormedStaffToken(params.token)) return { ok: false, error: "invalid" };
  try {
    return await db.transaction(async (tx) => {
      const [signup] = await tx
        .update(clinicSignups)
        .set({ confirmedAt: now })
        .where(
          and(
            eq(clinicSignups.tokenHash, hashStaffToken(params.token)),
            isNull(clinicSignups.confirmedAt),
            gt(clinicSignups.expiresAt, now),
          ),
        )
        .returning();
      if (!signup) return { ok: false as const, error: "invalid" as const };
      const clinic = await createClinic(tx, {
        name: signup.clinicName,
        timezone: signup.timezone,
        currency: signup.currency,
        defaultLocale: signup.locale,
        now,
      });
      const [admin] = await tx
        .insert(users)
        .values({
          clinicId: clinic.id,
          name: signup.adminName,
          email: signup.email,
          passwordHash: signup.passwordHash,
          role: "admin",
          locale: signup.locale,
        })
        .returning({ id: users.id });
      await tx.update(clinicSignups).set({ clinicId: clinic.id }).where(eq(clinicSignups.id, signup.id));
      await recordAudit(tx, {
        clinicId: clinic.id,
        actorUserId: admin.id,
        action: "clinic.signed_up",
        entityType: "clinic",
        entityId: clinic.id,
        metadata: { signupId: signup.id, trialEndsAt: clinic.trialEndsAt?.toISOString() ?? null },
      });
      return { ok: true as const, clinicId: clinic.id, userId: admin.id, email: signup.email };
    });
  } catch (error) {
    // users_email_unique: the address got an account (another sign-up, an invitation) after this one was made.
    if (sqlStateOf(error) === UNIQUE_VIOLATION) return { ok: false, error: "alreadyMember" };
    throw error;
  }
}
