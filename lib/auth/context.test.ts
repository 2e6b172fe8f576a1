import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics } from "@/db/testing/factories";
import { loadStaffContext } from "./context";
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
    expect(await loadStaffContext(database.db, staffA.id)).toMatchObject({
      userId: staffA.id,
      clinicId: clinicA.id,
      role: "admin",
      clinic: { name: clinicA.name, timezone: "America/Mexico_City", currency: "MXN" },
    });
    expect((await loadStaffContext(database.db, staffB.id))?.clinic).toMatchObject({ id: clinicB.id, timezone: "America/Tijuana" });
  });

  it("yields null for a disabled user, an unknown id and a malformed id", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const disabled = await createStaff(database.db, { clinicId: clinicA.id, disabledAt: new Date() });
    expect(await loadStaffContext(database.db, disabled.id)).toBeNull();
    expect(await loadStaffContext(database.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await loadStaffContext(database.db, "'; drop table users; --")).toBeNull();
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
