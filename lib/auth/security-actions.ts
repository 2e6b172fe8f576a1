"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "./session";
import { unlockStaffSignIn, type StaffSecurityResult } from "./staff-security";

/** Settings → Security: clears a staff member's failed sign-ins (admins; checked in `unlockStaffSignIn`). */
export async function unlockStaffSignInAction(userId: string): Promise<StaffSecurityResult> {
  const ctx = await requireStaff();
  const result = await unlockStaffSignIn(await getDb(), ctx, { userId: String(userId) });
  if (result.ok) revalidatePath(`/${await getLocale()}/settings/security`);
  return result;
}
