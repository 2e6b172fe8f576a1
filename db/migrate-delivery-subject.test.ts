import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER, openPglite, openPostgres, queryRows, type Database, type Db } from "./client";
import { deliveryStatusEnum } from "./schema";
import { assertLocalDatabaseUrl } from "./testing/guard";

/**
 * Migration 0011 (the delivery's subject and payload) over a database holding every kind of delivery in
 * every status, as 0010 left them: nothing is lost, each row gets its subject, link messages keep their
 * link, and the filled WhatsApp values stay apart. On PostgreSQL (DATABASE_URL) in a database of its own.
 */
const BEFORE = "0010_sent_text";

/** The migrations folder cut after `tag`: what a clinic's database held before this release. */
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

type OldRow = { id: string; kind: "appointment" | "link" | "reply"; status: string; variables: Record<string, string> };

async function insertOldDelivery(db: Db, row: OldRow & { clinicId: string; patientId: string; appointmentId?: string }) {
  const type = row.kind === "appointment" ? "reminder" : row.kind === "link" ? "lab_result_ready" : "opt_out_confirmation";
  await db.execute(sql`
    insert into deliveries (id, clinic_id, patient_id, appointment_id, appointment_version, notification_type, channel, locale,
      template_key, variables, send_at, next_attempt_at, status, idempotency_key, sent_body)
    values (${row.id}, ${row.clinicId}, ${row.patientId}, ${row.appointmentId ?? null}, ${row.appointmentId ? 3 : null}, ${type},
      'whatsapp', 'es', ${`${type}.es`}, ${JSON.stringify(row.variables)}::jsonb, now(), now(), ${row.status}::delivery_status,
      ${`old:${row.id}`}, ${row.status === "scheduled" ? null : "Hola María"})`);
}

describe("migration 0011: the delivery's subject and payload", () => {
  it("gives every delivery of every kind and status its subject, moves what it was planned with to the payload, loses nothing", async () => {
    const { db } = database;
    // The schema as 0010 left it: raw SQL, since the app's tables have grown columns since (a title, …).
    const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => (await queryRows<T>(db, query))[0];
    const clinicA = await one<{ id: string }>(
      sql`insert into clinics (name, timezone) values (${`Clínica A ${randomUUID().slice(0, 6)}`}, 'America/Mexico_City') returning id`,
    );
    const doctor = await one<{ id: string }>(
      sql`insert into users (clinic_id, name, email, password_hash, role)
          values (${clinicA.id}, 'Dr. Prueba', ${`doctor-${randomUUID()}@example.test`}, 'not-a-hash', 'doctor') returning id`,
    );
    const patient = await one<{ id: string }>(
      sql`insert into patients (clinic_id, first_name, last_name, phone)
          values (${clinicA.id}, 'María', 'Hernández', ${`+52155${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`}) returning id`,
    );
    const visit = await one<{ id: string }>(
      sql`insert into appointments (clinic_id, patient_id, doctor_id, starts_at, ends_at, version)
          values (${clinicA.id}, ${patient.id}, ${doctor.id}, '2026-12-10T16:00:00Z', '2026-12-10T16:30:00Z', 3) returning id`,
    );
    const link = await one<{ id: string }>(
      sql`insert into secure_links (clinic_id, patient_id, token_hash, purpose, target_id, expires_at)
          values (${clinicA.id}, ${patient.id}, ${randomUUID()}, 'lab_result', ${randomUUID()}, '2026-12-17T16:00:00Z') returning id`,
    );

    const rows: OldRow[] = [];
    for (const status of deliveryStatusEnum.enumValues) {
      const sent: Record<string, string> = status === "scheduled" || status === "cancelled" ? {} : { "1": "María", "2": "Clínica Luna" };
      rows.push({ id: randomUUID(), kind: "appointment", status, variables: sent });
      rows.push({
        id: randomUUID(),
        kind: "link",
        status,
        variables: { linkId: link.id, linkUrl: "https://luna.example.mx/l/abc", linkDays: "7", doctorName: "Dr. García", ...sent },
      });
      rows.push({ id: randomUUID(), kind: "reply", status, variables: sent });
    }
    for (const row of rows) {
      await insertOldDelivery(db, {
        ...row,
        clinicId: clinicA.id,
        patientId: patient.id,
        appointmentId: row.kind === "appointment" ? visit.id : undefined,
      });
    }
    const beforeRows = await queryRows(db, sql`select id, status, sent_body, idempotency_key from deliveries order by id`);

    await database.migrate(MIGRATIONS_FOLDER);

    const afterRows = await queryRows(
      db,
      sql`select id, status, sent_body, idempotency_key, subject_type, subject_id, subject_version, payload, variables from deliveries order by id`,
    );
    expect(afterRows).toHaveLength(rows.length);
    expect(afterRows.map(({ id, status, sent_body, idempotency_key }) => ({ id, status, sent_body, idempotency_key }))).toEqual(beforeRows);

    for (const row of rows) {
      const migrated = afterRows.find((r) => r.id === row.id)!;
      const sent = row.status === "scheduled" || row.status === "cancelled" ? {} : { "1": "María", "2": "Clínica Luna" };
      if (row.kind === "appointment") {
        expect(migrated).toMatchObject({ subject_type: "appointment", subject_id: visit.id, subject_version: 3, payload: {} });
      } else if (row.kind === "link") {
        expect(migrated).toMatchObject({
          subject_type: "secure_link",
          subject_id: link.id,
          subject_version: null,
          payload: { linkUrl: "https://luna.example.mx/l/abc", linkDays: 7, doctorName: "Dr. García" },
        });
      } else {
        expect(migrated).toMatchObject({ subject_type: "patient", subject_id: patient.id, subject_version: null, payload: {} });
      }
      // Only the WhatsApp values filled at send time stay in `variables`.
      expect(migrated.variables).toEqual(sent);
    }
  });
});
