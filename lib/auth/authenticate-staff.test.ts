import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createClinic, createStaff } from "@/db/testing/factories";
import { authenticateStaff } from "./authenticate-staff";
import { hashPassword } from "./passwords";

let database: Database;
let passwordHash: string;
beforeAll(async () => {
  database = await openTestDatabase();
  passwordHash = await hashPassword("correct horse");
});
afterAll(async () => {
  await database.close();
});

async function setup() {
  const clinic = await createClinic(database.db);
  const other = await createClinic(database.db);
  const user = await createStaff(database.db, { clinicId: clinic.id, role: "doctor", passwordHash });
  await createStaff(database.db, { clinicId: other.id, passwordHash });
  return { clinic, user };
}

describe("authenticateStaff", () => {
  it("signs in with the right password, whatever the email's case, and audits it", async () => {
    const { clinic, user } = await setup();
    const result = await authenticateStaff(database.db, { email: `  ${user.email.toUpperCase()} `, password: "correct horse" });
    expect(result).toEqual({ id: user.id, name: user.name, email: user.email });
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinic.id));
    expect(entries).toEqual([expect.objectContaining({ action: "auth.sign_in", actorUserId: user.id, entityId: user.id })]);
  });

  it("refuses a wrong password, an unknown email, malformed input and a disabled user, auditing nothing", async () => {
    const { clinic, user } = await setup();
    expect(await authenticateStaff(database.db, { email: user.email, password: "wrong" })).toBeNull();
    expect(await authenticateStaff(database.db, { email: "nobody@example.test", password: "correct horse" })).toBeNull();
    expect(await authenticateStaff(database.db, { email: "not an email", password: "correct horse" })).toBeNull();
    expect(await authenticateStaff(database.db, undefined)).toBeNull();
    const disabled = await createStaff(database.db, { clinicId: clinic.id, passwordHash, disabledAt: new Date() });
    expect(await authenticateStaff(database.db, { email: disabled.email, password: "correct horse" })).toBeNull();
    expect(await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinic.id))).toEqual([]);
  });
});
