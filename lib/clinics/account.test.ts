import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { changeClinicAccount, getClinicAccount } from "./account";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const valid = {
  name: "  Clínica Luna Polanco ",
  timezone: "America/Monterrey",
  videoRoomBaseUrl: "https://meet.example.com/luna",
  phone: "55 1234 5678",
  address: "  Av. Insurgentes Sur 1234,\n  Col. Del Valle, CDMX ",
};

describe("clinic account settings", () => {
  it("lets an admin change their own clinic only, normalized, audited with field names and no values", async () => {
    const { clinicA, clinicB, ctxA } = await createTwoClinics(database.db, "admin");
    const result = await changeClinicAccount(database.db, ctxA, valid);
    expect(result).toEqual({ ok: true, changed: ["name", "timezone", "videoRoomBaseUrl", "phone", "address"] });
    expect(await getClinicAccount(database.db, { clinicId: clinicA.id })).toEqual({
      name: "Clínica Luna Polanco",
      timezone: "America/Monterrey",
      videoRoomBaseUrl: "https://meet.example.com/luna",
      phone: "+525512345678",
      address: "Av. Insurgentes Sur 1234, Col. Del Valle, CDMX",
    });
    expect(await getClinicAccount(database.db, { clinicId: clinicB.id })).toEqual({
      name: clinicB.name,
      timezone: "America/Tijuana",
      videoRoomBaseUrl: null,
      phone: null,
      address: null,
    });

    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, clinicA.id), eq(auditLog.action, "clinic.update")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: ctxA.userId, entityType: "clinic", entityId: clinicA.id });
    expect(audit[0].metadata).toEqual({ fields: ["name", "timezone", "videoRoomBaseUrl", "phone", "address"] });
    expect(JSON.stringify(audit[0].metadata)).not.toMatch(/Polanco|5512345678|meet\.example|Insurgentes/);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicB.id))).toEqual([]);

    // Saving the same values again changes nothing and records nothing; clearing optional fields works.
    expect(await changeClinicAccount(database.db, ctxA, valid)).toEqual({ ok: true, changed: [] });
    expect(await changeClinicAccount(database.db, ctxA, { ...valid, videoRoomBaseUrl: "", phone: " ", address: " \n " })).toEqual({
      ok: true,
      changed: ["videoRoomBaseUrl", "phone", "address"],
    });
    expect(await getClinicAccount(database.db, { clinicId: clinicA.id })).toMatchObject({
      videoRoomBaseUrl: null,
      phone: null,
      address: null,
    });
  });

  it("refuses staff and doctors, changing nothing and recording nothing", async () => {
    const { clinicA, ctxA } = await createTwoClinics(database.db, "staff");
    const doctor = staffContext(await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" }), clinicA);
    for (const ctx of [ctxA, doctor]) expect(await changeClinicAccount(database.db, ctx, valid)).toEqual({ ok: false, error: "forbidden" });
    expect(await getClinicAccount(database.db, { clinicId: clinicA.id })).toMatchObject({
      name: clinicA.name,
      timezone: "America/Mexico_City",
    });
    expect(await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id))).toEqual([]);
  });

  it("answers bad input with error codes per field and writes nothing", async () => {
    const { clinicA, ctxA } = await createTwoClinics(database.db, "admin");
    const result = await changeClinicAccount(database.db, ctxA, {
      name: "   ",
      timezone: "Mars/Olympus_Mons",
      videoRoomBaseUrl: "http://meet.example.com/luna",
      phone: "12345",
      address: "x".repeat(201),
    });
    expect(result).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: {
        name: "required",
        timezone: "timezoneInvalid",
        videoRoomBaseUrl: "httpsRequired",
        phone: "phoneInvalid",
        address: "tooLong",
      },
    });
    for (const videoRoomBaseUrl of ["javascript:alert(1)", "meet.example.com", "https://user:pw@meet.example.com"]) {
      expect(await changeClinicAccount(database.db, ctxA, { ...valid, videoRoomBaseUrl })).toMatchObject({
        ok: false,
        fieldErrors: { videoRoomBaseUrl: "httpsRequired" },
      });
    }
    expect(await changeClinicAccount(database.db, ctxA, { name: "X" })).toMatchObject({ ok: false, error: "invalid" });
    expect(await getClinicAccount(database.db, { clinicId: clinicA.id })).toEqual({
      name: clinicA.name,
      timezone: "America/Mexico_City",
      videoRoomBaseUrl: null,
      phone: null,
      address: null,
    });
    expect(await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id))).toEqual([]);
  });
});
