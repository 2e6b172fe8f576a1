import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "./client";
import { openDatabaseBefore, type MigratableDatabase } from "./testing/old-database";

/** Migration 0014 (users.title) over doctors named as before it: "Dr. …" and "Dra. …" get their title. */
let database: MigratableDatabase;
beforeAll(async () => {
  database = await openDatabaseBefore("0013_payments");
});
afterAll(async () => {
  await database?.cleanup();
});

describe("migration 0014: a doctor's title", () => {
  it("gives doctors named Dr./Dra. their title, and nobody else one", async () => {
    const [{ id: clinicId }] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into clinics (name) values ('Clínica A') returning id`,
    );
    const people: [string, string][] = [
      ["Dr. García", "doctor"],
      ["Dra. López", "doctor"],
      ["dra Ruiz", "doctor"],
      ["Drake Ramos", "doctor"],
      ["Ana Torres", "doctor"],
      ["Dr. Falso", "staff"],
    ];
    for (const [name, role] of people) {
      await database.db.execute(sql`
        insert into users (clinic_id, name, email, password_hash, role)
        values (${clinicId}, ${name}, ${`${name.replaceAll(/\W/g, "")}@example.test`}, 'x', ${role}::staff_role)`);
    }
    await database.migrate();
    const rows = await queryRows<{ name: string; title: string | null }>(database.db, sql`select name, title from users order by name`);
    expect(Object.fromEntries(rows.map((r) => [r.name, r.title]))).toEqual({
      "Ana Torres": null,
      "Dr. Falso": null,
      "Dr. García": "dr",
      "Dra. López": "dra",
      "Drake Ramos": null,
      "dra Ruiz": "dra",
    });
  });
});
