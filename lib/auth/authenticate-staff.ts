import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword, verifyPassword } from "./passwords";
import { signInSchema } from "./schemas";

// Verified against when the email is unknown, so a wrong email and a wrong password take as long.
let dummyHash: Promise<string> | undefined;

/** Checks a staff sign-in; records it in the audit log. Returns the user, or null for any failure. */
export async function authenticateStaff(db: Db, credentials: unknown) {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const [user] = await db
    .select({ id: users.id, clinicId: users.clinicId, name: users.name, email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email), isNull(users.disabledAt)))
    .limit(1);
  if (!user) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  await recordAudit(db, {
    clinicId: user.clinicId,
    actorUserId: user.id,
    action: "auth.sign_in",
    entityType: "user",
    entityId: user.id,
  });
  return { id: user.id, name: user.name, email: user.email };
}
