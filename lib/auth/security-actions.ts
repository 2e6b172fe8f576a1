"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { changeOwnPassword } from "./change-password";
import type { ChangePasswordField } from "./schemas";
import { getSessionToken, requireStaff } from "./session";
import { endStaffSessions, unlockStaffSignIn, type StaffSecurityResult } from "./staff-security";

/** Settings → Security: clears a staff member's failed sign-ins (admins; checked in `unlockStaffSignIn`). */
export async function unlockStaffSignInAction(userId: string): Promise<StaffSecurityResult> {
  const ctx = await requireStaff();
  const result = await unlockStaffSignIn(await getDb(), ctx, { userId: String(userId) });
  if (result.ok) revalidatePath(`/${await getLocale()}/settings/security`);
  return result;
}

/** Settings → Security: ends every session of a staff member of the clinic (admins; checked in `endStaffSessions`). */
export async function endStaffSessionsAction(userId: string): Promise<StaffSecurityResult> {
  const ctx = await requireStaff();
  const result = await endStaffSessions(await getDb(), ctx, { userId: String(userId) });
  if (result.ok) revalidatePath(`/${await getLocale()}/settings/security`);
  return result.ok ? { ok: true } : result;
}

export interface ChangePasswordState {
  /** Bumped on every successful change, so the form can toast once per change. */
  changedAt?: number;
  /** How many other sessions the change ended. */
  endedSessions?: number;
  formError?: "wrongCurrent" | "locked";
  fieldErrors?: Partial<Record<ChangePasswordField, string>>;
}

/** Settings → Security, every role: change one's own password; the other sessions end, this one stays. */
export async function changePasswordAction(_prev: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  const ctx = await requireStaff();
  const result = await changeOwnPassword(await getDb(), ctx, {
    input: { currentPassword: formData.get("currentPassword") ?? undefined, newPassword: formData.get("newPassword") ?? undefined },
    sessionToken: await getSessionToken(),
  });
  if (!result.ok) return result.error === "invalid" ? { fieldErrors: result.fieldErrors } : { formError: result.error };
  revalidatePath(`/${await getLocale()}/settings/security`);
  return { changedAt: Date.now(), endedSessions: result.endedSessions };
}
