import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { backupPglite, restorePglite } from "./backup";
import { openPglite } from "./client";
import { clinics } from "./schema";
import { createClinic } from "./testing/factories";

const root = mkdtempSync(path.join(tmpdir(), "luna-backup-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under `dir` with its size and bytes: shows that a folder was left as it was. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = `${statSync(full).size}:${readFileSync(full).toString("base64")}`;
  }
  return out;
}

async function clinicNames(dataDir: string) {
  const database = await openPglite({ dataDir, migrate: false });
  try {
    return (await database.db.select({ id: clinics.id, name: clinics.name }).from(clinics)).map((c) => c.name);
  } finally {
    await database.close();
  }
}

// Each test migrates one or two file-backed PGlite databases from scratch: slower than the in-memory ones.
describe("db:backup / db:restore (PGlite)", { timeout: 120_000 }, () => {
  const source = path.join(root, "source");
  const file = path.join(root, "backups", "luna.tar.gz");
  let clinicName = "";

  it("a clinic written in one folder is read back from another after backup and restore", async () => {
    const database = await openPglite({ dataDir: source, migrate: true });
    const clinic = await createClinic(database.db, { name: "Clínica Respaldo Mañana" });
    clinicName = clinic.name;
    const [stored] = await database.db.select().from(clinics).where(eq(clinics.id, clinic.id));
    expect(stored.name).toBe(clinicName);
    await database.close();

    const { bytes } = await backupPglite(source, file);
    expect(bytes).toBeGreaterThan(1000);
    expect(statSync(file).size).toBe(bytes);

    const target = path.join(root, "target");
    await restorePglite(file, target);
    expect(await clinicNames(target)).toEqual([clinicName]);
  });

  it("restore refuses a folder that holds a database unless forced, and leaves it unchanged", async () => {
    const occupied = path.join(root, "occupied");
    const other = await openPglite({ dataDir: occupied, migrate: true });
    await createClinic(other.db, { name: "Clínica Que Se Queda" });
    await other.close();
    const before = snapshot(occupied);

    await expect(restorePglite(file, occupied)).rejects.toThrow(/not empty.*--force/);
    expect(snapshot(occupied)).toEqual(before);
    expect(await clinicNames(occupied)).toEqual(["Clínica Que Se Queda"]);

    await restorePglite(file, occupied, { force: true });
    expect(await clinicNames(occupied)).toEqual([clinicName]);
    // The swap leaves no sibling folders behind.
    expect(readdirSync(root).filter((n) => n.startsWith("occupied"))).toEqual(["occupied"]);
  });

  it("backup refuses a folder without a database; restore refuses a missing file", async () => {
    await expect(backupPglite(path.join(root, "nothing"), path.join(root, "x.tar.gz"))).rejects.toThrow(/No PGlite database/);
    await expect(restorePglite(path.join(root, "missing.tar.gz"), path.join(root, "empty"))).rejects.toThrow(/No backup file/);
  });
});
