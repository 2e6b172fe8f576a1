import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { ForbiddenError } from "@/lib/errors";
import { auth } from "./auth";
import { loadStaffContext, type StaffContext } from "./context";
import { can, type Permission } from "./permissions";

/** The signed-in staff member, or null. Once per request. */
export const getStaffContext = cache(async (): Promise<StaffContext | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return loadStaffContext(await getDb(), userId);
});

/** For pages and actions: the staff context, or a redirect to sign-in. */
export async function requireStaff(permission?: Permission): Promise<StaffContext> {
  const ctx = await getStaffContext();
  if (!ctx) {
    const locale = await getLocale();
    redirect(`/${locale}/sign-in`);
  }
  if (permission && !can(ctx.role, permission)) throw new ForbiddenError(permission);
  return ctx;
}
