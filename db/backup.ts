import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Backups of the embedded database (PGlite): a gzipped tarball of its data folder (`dumpDataDir`), restored
 * with `loadDataDir`. The server must be stopped for both: PGlite has no cross-process lock, and a second
 * process on a live folder corrupts it. PostgreSQL (DATABASE_URL) is backed up with pg_dump instead.
 */
export async function backupPglite(dataDir: string, file: string): Promise<{ bytes: number }> {
  if (!hasFiles(dataDir)) throw new Error(`No PGlite database in ${dataDir}`);
  const { PGlite } = await import("@electric-sql/pglite");
  const client = new PGlite({ dataDir });
  try {
    await client.waitReady;
    const dump = await client.dumpDataDir("gzip");
    const bytes = Buffer.from(await dump.arrayBuffer());
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, bytes, { mode: 0o600 });
    return { bytes: bytes.length };
  } finally {
    await client.close();
  }
}

/**
 * Restores a backup into `dataDir`. A folder that holds anything is refused unless `force`; with `force`
 * the backup is first restored into a sibling folder and only then swapped in, so a bad tarball leaves the
 * existing database where it was.
 */
export async function restorePglite(file: string, dataDir: string, { force = false }: { force?: boolean } = {}): Promise<void> {
  if (!existsSync(file)) throw new Error(`No backup file at ${file}`);
  const occupied = hasFiles(dataDir);
  if (occupied && !force) {
    throw new Error(`${dataDir} is not empty: restoring would replace that database. Stop the server, and pass --force to replace it.`);
  }
  const target = occupied ? `${dataDir}.restore-${process.pid}-${Date.now()}` : dataDir;
  try {
    await loadInto(file, target);
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
  if (occupied) {
    const old = `${dataDir}.replaced-${process.pid}-${Date.now()}`;
    renameSync(dataDir, old);
    renameSync(target, dataDir);
    rmSync(old, { recursive: true, force: true });
  }
}

async function loadInto(file: string, dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const tarball = readFileSync(file);
  const { PGlite } = await import("@electric-sql/pglite");
  const client = new PGlite({ dataDir, loadDataDir: new Blob([tarball], { type: "application/x-gzip" }) });
  try {
    await client.waitReady;
    await client.query("select 1");
  } finally {
    await client.close();
  }
}

function hasFiles(dir: string) {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

export const POSTGRES_BACKUP_HINT = [
  "DATABASE_URL is set: Luna is on PostgreSQL, which is backed up with its own tools (nothing was touched):",
  '  backup:  pg_dump --format=custom --file=luna.dump "$DATABASE_URL"',
  '  restore: pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" luna.dump',
  "See docs/deploy.md (Backups).",
].join("\n");
