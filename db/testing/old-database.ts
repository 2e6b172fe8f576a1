import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER, openPglite, openPostgres, type Database } from "../client";
import { assertLocalDatabaseUrl } from "./guard";

/** The migrations folder cut after `tag`: what a clinic's database held before a release. */
export function migrationsUpTo(tag: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "luna-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  if (cut < 0) throw new Error(`no migration ${tag}`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut + 1) }));
  return dir;
}

export type MigratableDatabase = Database & { migrate: (folder?: string) => Promise<void>; cleanup: () => Promise<void> };

/**
 * A database migrated up to `tag` only, to test the next migration over old rows: on PostgreSQL
 * (DATABASE_URL) a database of its own, dropped by `cleanup`; else an in-memory PGlite. `migrate()` with no
 * folder applies every migration.
 */
export async function openDatabaseBefore(tag: string): Promise<MigratableDatabase> {
  const oldFolder = migrationsUpTo(tag);
  const url = process.env.DATABASE_URL;
  let database: Database;
  let migrateWith: (folder: string) => Promise<void>;
  let drop = async () => {};
  if (url) {
    assertLocalDatabaseUrl(url);
    const name = `luna_migration_${randomUUID().replaceAll("-", "")}`;
    const admin = await openPostgres(url, { max: 1 });
    await admin.db.execute(sql.raw(`create database ${name}`));
    const target = new URL(url);
    target.pathname = `/${name}`;
    database = await openPostgres(target.toString(), { max: 2 });
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    migrateWith = (folder) => migrate(database.db as any, { migrationsFolder: folder });
    drop = async () => {
      await admin.db.execute(sql.raw(`drop database if exists ${name}`));
      await admin.close();
    };
  } else {
    database = await openPglite({ migrate: false });
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    migrateWith = (folder) => migrate(database.db as any, { migrationsFolder: folder });
  }
  await migrateWith(oldFolder);
  return {
    ...database,
    migrate: (folder = MIGRATIONS_FOLDER) => migrateWith(folder),
    cleanup: async () => {
      await database.close();
      await drop();
      rmSync(oldFolder, { recursive: true, force: true });
    },
  };
}
