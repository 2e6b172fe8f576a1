/**
 * `npm run db:backup -- <file>` and `npm run db:restore -- <file> [--force]` for the embedded database
 * (PGLITE_DIR). Stop the server first. With DATABASE_URL set they print the pg_dump / pg_restore commands
 * and exit 1 without touching anything: PostgreSQL's own tools are the right ones there.
 */
import path from "node:path";
import { getEnv } from "@/lib/env";
import { backupPglite, POSTGRES_BACKUP_HINT, restorePglite } from "./backup";

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const force = args.includes("--force");
  const file = args.find((a) => !a.startsWith("--"));
  const usage = "Usage: npm run db:backup -- <file>   |   npm run db:restore -- <file> [--force]";
  if (command !== "backup" && command !== "restore") {
    console.error(usage);
    process.exit(64);
  }
  const env = getEnv();
  if (env.DATABASE_URL) {
    console.error(POSTGRES_BACKUP_HINT);
    process.exit(1);
  }
  if (!file) {
    console.error(usage);
    process.exit(64);
  }
  const dataDir = path.resolve(env.PGLITE_DIR);
  if (command === "backup") {
    const { bytes } = await backupPglite(dataDir, file);
    console.log(`Backed up ${env.PGLITE_DIR} to ${file} (${bytes} bytes).`);
  } else {
    await restorePglite(file, dataDir, { force });
    console.log(`Restored ${file} into ${env.PGLITE_DIR}.`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
