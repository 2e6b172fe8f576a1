import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { sql } from "drizzle-orm";
import { migratePostgres, openPglite, openPostgres } from "../client";
import { assertLocalDatabaseUrl } from "./guard";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Migrate once. On PostgreSQL (DATABASE_URL) the schema is reset and migrated; on PGlite a migrated
 * data folder is dumped to a file that every test file loads (~1 s instead of a fresh initdb).
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    assertLocalDatabaseUrl(url);
    const database = await openPostgres(url, { max: 1 });
    await database.db.execute(sql`drop schema if exists public cascade`);
    await database.db.execute(sql`drop schema if exists drizzle cascade`);
    await database.db.execute(sql`create schema public`);
    await migratePostgres(database.db);
    await database.close();
    project.provide("pgliteTemplate", "");
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "luna-pglite-"));
  const { client } = await openPglite({});
  const dump = await client.dumpDataDir("gzip");
  await client.close();
  const file = path.join(dir, "template.tar.gz");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
