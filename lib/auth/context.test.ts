import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics } from "@/db/testing/factories";
import { loadStaffContext } from "./context";
import { createStaffSession, generateSessionToken } from "./staff-sessions";
import { can } from "./permissions";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("loadStaffContext", () => {
  it("takes the clinic and role from the database, not from anything the client sent", async () => {
    const { clinicA, clinicB, staffA, staffB } = await createTwoClinics(database.db, "admin");
    const a = await createStaffSession(database.db, { clinicId: clinicA.id, userId: staffA.id });
    const b = await createStaffSession(database.db, { clinicId: clinicB.id, userId: staffB.id });
    expect(await loadStaffContext(database.db, { userId: staffA.id, sessionToken: a.token })).toMatchObject({
      userId: staffA.id,
      clinicId: clinicA.id,
      role: "admin",
      clinic: { name: clinicA.name, timezone: "America/Mexico_City", currency: "MXN" },
    });
    expect((await loadStaffContext(database.db, { userId: staffB.id, sessionToken: b.token }))?.clinic).toMatchObject({
      id: clinicB.id,
      timezone: "America/Tijuana",
    });
  });

  it("yields null for a disabled user (with an open session), an unknown id, a malformed id and no or a made-up token", async () => {
    const { clinicA, staffA } = await createTwoClinics(database.db);
    const disabled = await createStaff(database.db, { clinicId: clinicA.id, disabledAt: new Date() });
    const session = await createStaffSession(database.db, { clinicId: clinicA.id, userId: disabled.id });
    expect(await loadStaffContext(database.db, { userId: disabled.id, sessionToken: session.token })).toBeNull();
    expect(await loadStaffContext(database.db, { userId: "00000000-0000-4000-8000-000000000000", sessionToken: session.token })).toBeNull();
    expect(await loadStaffContext(database.db, { userId: "'; drop table users; --", sessionToken: session.token })).toBeNull();
    // A JWT from before sessions existed carries no token; a made-up one has no row.
    expect(await loadStaffContext(database.db, { userId: staffA.id, sessionToken: undefined })).toBeNull();
    expect(await loadStaffContext(database.db, { userId: staffA.id, sessionToken: generateSessionToken() })).toBeNull();
  });
});

describe("permissions", () => {
  it("lets only admins change settings; every role reads patients and previews templates", () => {
    expect(can("admin", "settings:write")).toBe(true);
    expect(can("doctor", "settings:write")).toBe(false);
    expect(can("staff", "settings:write")).toBe(false);
    for (const role of ["admin", "doctor", "staff"] as const) {
      expect(can(role, "patients:read")).toBe(true);
      expect(can(role, "templates:preview")).toBe(true);
    }
  });
});
