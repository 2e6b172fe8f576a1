import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { ForbiddenError } from "@/lib/errors";
import { auth } from "./auth";
import { loadStaffContext, type StaffContext } from "./context";
import { can, type Permission } from "./permissions";

/** The Auth.js session of this request (its JWT decoded), once per request. */
const getAuthSession = cache(() => auth());

/** The raw token of this request's session row (sign-out and a password change end rows by it). */
export async function getSessionToken(): Promise<string | undefined> {
  return (await getAuthSession())?.sessionToken;
}

/**
 * The signed-in staff member, or null: a JWT whose session row was ended (sign-out, an admin, a password
 * change, 12 h idle) yields null like no cookie at all. Once per request. Every staff page, route handler
 * and server action comes through here (requireStaff below), so every one of them checks the row.
 */
export const getStaffContext = cache(async (): Promise<StaffContext | null> => {
  const session = await getAuthSession();
  const userId = session?.user?.id;
  if (!userId) return null;
  return loadStaffContext(await getDb(), { userId, sessionToken: session.sessionToken });
});

/** For pages and actions: the staff context, or a redirect to sign-in (also for an ended session). */
export async function requireStaff(permission?: Permission): Promise<StaffContext> {
  const ctx = await getStaffContext();
  if (!ctx) {
    const locale = await getLocale();
    redirect(`/${locale}/sign-in`);
  }
  if (permission && !can(ctx.role, permission)) throw new ForbiddenError(permission);
  return ctx;
}
