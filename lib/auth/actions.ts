"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { routing, type AppLocale } from "@/i18n/routing";
import { signIn, signOut } from "./auth";
import { signInSchema } from "./schemas";
import { getSessionToken, getStaffContext, requireStaff } from "./session";
import { endStaffSession } from "./staff-sessions";
import { recordAudit } from "@/lib/audit/record-audit";
import { minutesToWait, signInLockOf } from "./sign-in-throttle";
import { clientKeyOf } from "@/lib/security/client-address";

export interface SignInState {
  error?: "invalidCredentials" | "invalidInput" | "locked";
  /** With "locked": whole minutes until sign-in is possible again. */
  minutes?: number;
  email?: string;
}

/** A same-site path inside a locale, or null: never redirect to another origin after sign-in. */
function safeCallback(value: FormDataEntryValue | null): string | null {
  if (typeof value !== "string") return null;
  return /^\/(es|en)(\/[\w\-/.?=&%]*)?$/.test(value) && !value.startsWith("//") ? value : null;
}

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const parsed = signInSchema.safeParse({ email, password: formData.get("password") });
  if (!parsed.success) return { error: "invalidInput", email };
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // Locked (now, or by this very failure): say so, and for how long — even to the right password.
    const lock = await signInLockOf(await getDb(), { email: parsed.data.email, clientKey: clientKeyOf(await headers()) });
    if (lock.locked) return { error: "locked", minutes: minutesToWait(lock.retryAfterSeconds), email };
    return { error: "invalidCredentials", email };
  }
  // Staff land in the language they chose last time.
  const [user] = await (
    await getDb()
  )
    .select({ locale: users.locale })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, parsed.data.email), isNull(users.disabledAt)))
    .limit(1);
  const callback = safeCallback(formData.get("callbackUrl"));
  redirect(callback ?? `/${user?.locale ?? (await getLocale())}`);
}

/**
 * Ends this browser's session row (so a copy of the cookie opens nothing any more; audited) and then
 * clears the cookie. A session already ended elsewhere just has its cookie cleared.
 */
export async function signOutAction() {
  const locale = await getLocale();
  const [ctx, token] = await Promise.all([getStaffContext(), getSessionToken()]);
  if (ctx && token) {
    const db = await getDb();
    await db.transaction(async (tx) => {
      const ended = await endStaffSession(tx, { token, reason: "sign_out" });
      if (ended)
        await recordAudit(tx, {
          clinicId: ended.clinicId,
          actorUserId: ended.userId,
          action: "auth.sign_out",
          entityType: "user",
          entityId: ended.userId,
        });
    });
  }
  await signOut({ redirectTo: `/${locale}/sign-in` });
}

/** Remembers the staff member's UI language (the URL prefix and the cookie carry it within a visit). */
export async function setUiLocaleAction(locale: AppLocale) {
  if (!(routing.locales as readonly string[]).includes(locale)) return;
  const ctx = await requireStaff();
  await (
    await getDb()
  )
    .update(users)
    .set({ locale })
    .where(and(eq(users.id, ctx.userId), eq(users.clinicId, ctx.clinicId)));
}
