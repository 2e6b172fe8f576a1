import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openPglite, openPostgres, type Database } from "../client";
import { assertLocalDatabaseUrl } from "./guard";

/**
 * A migrated database for one test file: PostgreSQL when DATABASE_URL is set (CI), otherwise a
 * PGlite loaded from the template made in global setup. Tests isolate by building their own clinics.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    assertLocalDatabaseUrl(url);
    return openPostgres(url, { max: 2 });
  }
  const template = inject("pgliteTemplate");
  const loadDataDir = new Blob([readFileSync(template)]);
  return openPglite({ loadDataDir, migrate: false });
}
