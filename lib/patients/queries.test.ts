import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { getPatient, listPatients } from "./queries";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("listPatients", () => {
  it("lists only the clinic's own patients, by last name, a page at a time", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    for (let i = 0; i < 25; i++) {
      await createPatient(database.db, { clinicId: clinicA.id, lastName: `Apellido ${String(i).padStart(2, "0")}` });
    }
    await createPatient(database.db, { clinicId: clinicB.id, lastName: "Ajeno" });

    const first = await listPatients(database.db, { clinicId: clinicA.id, page: 1, pageSize: 10 });
    expect(first.total).toBe(25);
    expect(first.pageCount).toBe(3);
    expect(first.rows.map((p) => p.lastName)).toEqual(Array.from({ length: 10 }, (_, i) => `Apellido ${String(i).padStart(2, "0")}`));
    const last = await listPatients(database.db, { clinicId: clinicA.id, page: 3, pageSize: 10 });
    expect(last.rows).toHaveLength(5);
    expect(last.rows.every((p) => p.clinicId === clinicA.id)).toBe(true);
  });

  it("finds by name ignoring accents and case, by several words, and by phone digits", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const maria = await createPatient(database.db, {
      clinicId: clinicA.id,
      firstName: "María José",
      lastName: "Núñez",
      phone: "+525511112222",
    });
    await createPatient(database.db, { clinicId: clinicA.id, firstName: "Juan", lastName: "Pérez", phone: "+525533334444" });
    await createPatient(database.db, { clinicId: clinicB.id, firstName: "María", lastName: "Núñez", phone: "+525511112222" });

    const ids = async (search: string) => (await listPatients(database.db, { clinicId: clinicA.id, search })).rows.map((p) => p.id);
    expect(await ids("maria")).toEqual([maria.id]);
    expect(await ids("NUNEZ")).toEqual([maria.id]);
    expect(await ids("josé núñez")).toEqual([maria.id]);
    expect(await ids("1111 2222")).toEqual([maria.id]);
    expect(await ids("55 1111")).toEqual([maria.id]);
    expect(await ids("100%_")).toEqual([]);
  });
});

describe("getPatient", () => {
  it("returns the clinic's patient, and null for another clinic's or a malformed id", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    expect((await getPatient(database.db, { clinicId: clinicA.id, patientId: patient.id }))?.id).toBe(patient.id);
    expect(await getPatient(database.db, { clinicId: clinicB.id, patientId: patient.id })).toBeNull();
    expect(await getPatient(database.db, { clinicId: clinicA.id, patientId: "not-a-uuid" })).toBeNull();
  });
});
