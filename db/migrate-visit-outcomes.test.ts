import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER, openPglite, openPostgres, queryRows, type Database } from "./client";
import { assertLocalDatabaseUrl } from "./testing/guard";

/**
 * Migration 0015 (visit outcomes on record) over visits marked before it: an attended or no-show visit takes
 * when and by whom from the audit entry that marked it, or its last update (author unknown) without one;
 * other visits get nothing. Raw SQL throughout: the schema in code is already past 0011.
 */
const BEFORE = "0014_doctor_title";

function migrationsUpTo(tag: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "luna-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  if (cut < 0) throw new Error(`no migration ${tag}`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut + 1) }));
  return dir;
}

let database: Database & { migrate: (folder: string) => Promise<void> };
let cleanup: () => Promise<void>;
const oldFolder = migrationsUpTo(BEFORE);

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (url) {
    assertLocalDatabaseUrl(url);
    const name = `luna_migration_${randomUUID().replaceAll("-", "")}`;
    const admin = await openPostgres(url, { max: 1 });
    await admin.db.execute(sql.raw(`create database ${name}`));
    const target = new URL(url);
    target.pathname = `/${name}`;
    const pg = await openPostgres(target.toString(), { max: 2 });
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    database = { ...pg, migrate: (folder) => migrate(pg.db as any, { migrationsFolder: folder }) };
    cleanup = async () => {
      await pg.close();
      await admin.db.execute(sql.raw(`drop database if exists ${name}`));
      await admin.close();
    };
  } else {
    const lite = await openPglite({ migrate: false });
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    database = { ...lite, migrate: (folder) => migrate(lite.db as any, { migrationsFolder: folder }) };
    cleanup = () => lite.close();
  }
  await database.migrate(oldFolder);
});

afterAll(async () => {
  await cleanup?.();
  rmSync(oldFolder, { recursive: true, force: true });
});

describe("migration 0015: visit outcomes on record", () => {
  it("backfills when and by whom each marked visit's outcome was recorded, and nothing for the others", async () => {
    const { db } = database;
    const clinicId = randomUUID();
    const staffId = randomUUID();
    const doctorId = randomUUID();
    const patientId = randomUUID();
    await db.execute(sql`insert into clinics (id, name) values (${clinicId}, 'Clínica')`);
    await db.execute(sql`insert into users (id, clinic_id, name, email, password_hash, role) values
      (${staffId}, ${clinicId}, 'Recepción', ${`r-${staffId}@example.test`}, 'x', 'staff'),
      (${doctorId}, ${clinicId}, 'Dra. López', ${`d-${doctorId}@example.test`}, 'x', 'doctor')`);
    await db.execute(sql`insert into patients (id, clinic_id, first_name, last_name, phone) values
      (${patientId}, ${clinicId}, 'María', 'Hernández', '+525512345678')`);
    const [audited, unaudited, noShow, scheduled] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const visit = (id: string, status: string, updatedAt: string) => sql`
      insert into appointments (id, clinic_id, patient_id, doctor_id, starts_at, ends_at, status, updated_at)
      values (${id}, ${clinicId}, ${patientId}, ${doctorId}, '2026-11-10T16:00:00Z', '2026-11-10T16:30:00Z',
        ${status}::appointment_status, ${updatedAt})`;
    await db.execute(visit(audited, "completed", "2026-11-12T10:00:00Z"));
    await db.execute(visit(unaudited, "completed", "2026-11-11T09:00:00Z"));
    await db.execute(visit(noShow, "no_show", "2026-11-12T10:00:00Z"));
    await db.execute(visit(scheduled, "scheduled", "2026-11-01T10:00:00Z"));
    // The audited visit was first marked no-show, then corrected to attended: the later entry wins.
    await db.execute(sql`insert into audit_log (clinic_id, actor_user_id, action, entity_type, entity_id, created_at) values
      (${clinicId}, ${doctorId}, 'appointment.no_show', 'appointment', ${audited}, '2026-11-10T17:00:00Z'),
      (${clinicId}, ${staffId}, 'appointment.complete', 'appointment', ${audited}, '2026-11-10T18:00:00Z'),
      (${clinicId}, ${doctorId}, 'appointment.no_show', 'appointment', ${noShow}, '2026-11-10T17:30:00Z')`);

    await database.migrate(MIGRATIONS_FOLDER);

    const rows = await queryRows<{ id: string; at: Date | string | null; by: string | null; late: number; auto: number | null }>(
      db,
      sql`select a.id, a.outcome_recorded_at as at, a.outcome_recorded_by_user_id as by, c.late_cancel_hours as late,
        c.auto_attend_after_hours as auto
        from appointments a join clinics c on c.id = a.clinic_id where a.clinic_id = ${clinicId}`,
    );
    const byId = new Map(rows.map((r) => [r.id, { ...r, at: r.at === null ? null : new Date(r.at).toISOString() }]));
    expect(byId.get(audited)).toMatchObject({ at: "2026-11-10T18:00:00.000Z", by: staffId });
    expect(byId.get(noShow)).toMatchObject({ at: "2026-11-10T17:30:00.000Z", by: doctorId });
    expect(byId.get(unaudited)).toMatchObject({ at: "2026-11-11T09:00:00.000Z", by: null });
    expect(byId.get(scheduled)).toMatchObject({ at: null, by: null });
    // The clinic rules start at their defaults: late cancel < 24 h, auto-attend off.
    expect(rows[0]).toMatchObject({ late: 24, auto: null });
  });
});
