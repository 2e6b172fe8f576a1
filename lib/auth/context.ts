import { cache } from "react";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { clinics, users } from "@/db/schema";
import type { DoctorTitle } from "@/db/schema/enums";

/** Who is acting, and for which clinic: the only source of clinicId for tenant queries. */
export interface StaffContext {
  userId: string;
  clinicId: string;
  role: "admin" | "doctor" | "staff";
  name: string;
  /** A doctor's title (Dr./Dra.), for the messages that name them. */
  title?: DoctorTitle | null;
  email: string;
  locale: "es" | "en";
  clinic: { id: string; name: string; timezone: string; currency: string };
}

/** Loads the staff member of a session; a disabled user or a malformed id yields null. */
export async function loadStaffContext(db: Db, userId: string): Promise<StaffContext | null> {
  if (!z.uuid().safeParse(userId).success) return null;
  const [row] = await db
    .select({
      userId: users.id,
      clinicId: users.clinicId,
      role: users.role,
      name: users.name,
      title: users.title,
      email: users.email,
      locale: users.locale,
      clinicName: clinics.name,
      timezone: clinics.timezone,
      currency: clinics.currency,
    })
    .from(users)
    .innerJoin(clinics, eq(clinics.id, users.clinicId))
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .limit(1);
  if (!row) return null;
  return {
    userId: row.userId,
    clinicId: row.clinicId,
    role: row.role,
    name: row.name,
    title: row.title,
    email: row.email,
    locale: row.locale,
    clinic: { id: row.clinicId, name: row.clinicName, timezone: row.timezone, currency: row.currency },
  };
}

export const cachedLoadStaffContext = cache(loadStaffContext);
