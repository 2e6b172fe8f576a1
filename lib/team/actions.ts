"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { after } from "next/server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Locale } from "@/db/schema";
import { signIn } from "@/lib/auth/auth";
import { minutesToWait } from "@/lib/auth/sign-in-throttle";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { requireStaff } from "@/lib/auth/session";
import { clientKeyOf } from "@/lib/security/client-address";
import { acceptInvitation } from "./accept";
import type { AcceptInvitationField } from "./schemas";
import {
  changeMemberRole,
  inviteStaff,
  resendInvitation,
  revokeInvitation,
  setMemberActive,
  type TeamError,
  type TeamResult,
} from "./team";

const asLocale = (value: string): Locale => (value === "en" ? "en" : "es");

async function revalidateTeam() {
  const locale = await getLocale();
  revalidatePath(`/${locale}/settings/team`);
  revalidatePath(`/${locale}/settings/emails`);
}

export interface InviteState {
  sentTo?: string;
  sentAt?: number;
  error?: TeamError;
}

/** Settings → Team: invite by email with a role (admins; checked in `inviteStaff`). */
export async function inviteStaffAction(_prev: InviteState, formData: FormData): Promise<InviteState> {
  const ctx = await requireStaff();
  const email = String(formData.get("email") ?? "");
  const result = await inviteStaff(await getDb(), ctx, {
    input: { email, role: formData.get("role") ?? undefined },
    locale: asLocale(await getLocale()),
  });
  if (!result.ok) return { error: result.error };
  await revalidateTeam();
  return { sentTo: email.trim().toLowerCase(), sentAt: Date.now() };
}

export async function resendInvitationAction(invitationId: string): Promise<TeamResult> {
  const ctx = await requireStaff();
  const result = await resendInvitation(await getDb(), ctx, { invitationId: String(invitationId), locale: asLocale(await getLocale()) });
  if (result.ok) await revalidateTeam();
  return result;
}

export async function revokeInvitationAction(invitationId: string): Promise<TeamResult> {
  const ctx = await requireStaff();
  const result = await revokeInvitation(await getDb(), ctx, { invitationId: String(invitationId) });
  if (result.ok) await revalidateTeam();
  return result;
}

export async function changeMemberRoleAction(userId: string, role: string): Promise<TeamResult> {
  const ctx = await requireStaff();
  const result = await changeMemberRole(await getDb(), ctx, { userId: String(userId), role });
  if (result.ok) await revalidateTeam();
  return result;
}

export async function setMemberActiveAction(userId: string, active: boolean): Promise<TeamResult> {
  const ctx = await requireStaff();
  const result = await setMemberActive(await getDb(), ctx, { userId: String(userId), active: active === true });
  if (result.ok) await revalidateTeam();
  return result.ok ? { ok: true } : result;
}

export interface AcceptState {
  error?: "invalid" | "alreadyMember";
  fieldErrors?: Partial<Record<AcceptInvitationField, string>>;
  name?: string;
}

/** The invitation page: creates the account, then signs the new member in (or sends them to sign-in). */
export async function acceptInvitationAction(token: string, _prev: AcceptState, formData: FormData): Promise<AcceptState> {
  const locale = asLocale(await getLocale());
  const name = String(formData.get("name") ?? "");
  const password = formData.get("password");
  const result = await acceptInvitation(await getDb(), { token: String(token), input: { name, password: password ?? undefined }, locale });
  if (!result.ok) return result.error === "fields" ? { fieldErrors: result.fieldErrors, name } : { error: result.error };
  try {
    await signIn("credentials", { email: result.email, password: String(password), redirect: false });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    redirect(`/${locale}/sign-in`);
  }
  redirect(`/${locale}`);
}

export interface ForgotState {
  sentAt?: number;
  error?: "invalidEmail" | "throttled";
  minutes?: number;
  email?: string;
}

/** Forgot password: always the same "if the email exists, we sent a link" unless throttled or not an email. */
export async function requestPasswordResetAction(_prev: ForgotState, formData: FormData): Promise<ForgotState> {
  const email = String(formData.get("email") ?? "");
  const result = await requestPasswordReset(await getDb(), { email, clientKey: clientKeyOf(await headers()), defer: after });
  if (result.ok) return { sentAt: Date.now() };
  if (result.error === "throttled") return { error: "throttled", minutes: minutesToWait(result.retryAfterSeconds), email };
  return { error: "invalidEmail", email };
}

export interface ResetState {
  done?: boolean;
  error?: "invalid" | "tooShort" | "tooLong";
}

export async function resetPasswordAction(token: string, _prev: ResetState, formData: FormData): Promise<ResetState> {
  const result = await resetPassword(await getDb(), { token: String(token), password: formData.get("password") ?? undefined });
  return result.ok ? { done: true } : { error: result.error };
}
