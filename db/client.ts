import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql, type SQL } from "drizzle-orm";
import * as schema from "./schema";
import { getEnv } from "@/lib/env";

export type Schema = typeof schema;
/** A database or a transaction: queries take this so a test or a transaction can be passed in. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** PGlite over a data folder (or in memory with `dataDir` undefined), migrated. */
export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob; migrate?: boolean }) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = new PGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  await client.waitReady;
  const db = drizzle({ client, schema, casing: "snake_case" });
  if (options.migrate ?? true) {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  }
  return { db: db as unknown as Db, kind: "pglite" as const, close: () => client.close(), client };
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle({ client, schema, casing: "snake_case" });
  return { db: db as unknown as Db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

export async function migratePostgres(db: Db) {
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await migrate(db as any, { migrationsFolder: MIGRATIONS_FOLDER });
}

// One process owns the PGlite folder: keep the instance on globalThis so hot reload reuses it.
const globalForDb = globalThis as unknown as { __lunaDb?: Promise<Database> };

/** The app's database, opened on first use (never at import time: `next build` imports every module). */
export function getDatabase(): Promise<Database> {
  if (!globalForDb.__lunaDb) {
    const env = getEnv();
    globalForDb.__lunaDb = (
      env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite({ dataDir: path.resolve(env.PGLITE_DIR) })
    ).catch((error) => {
      globalForDb.__lunaDb = undefined;
      throw error;
    });
  }
  return globalForDb.__lunaDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Tests point the app's database at their own. */
export function setDatabaseForTesting(database: Database | undefined) {
  globalForDb.__lunaDb = database ? Promise.resolve(database) : undefined;
}

/**
 * Raw SQL that returns rows, the same shape on PGlite (`{ rows }`) and postgres.js (an array).
 */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function pingDb(db: Db) {
  await queryRows(db, sql`select 1 as ok`);
}
