/** `npm run db:seed`: loads the demo clinics into DATABASE_URL (or the PGlite folder) if absent. */
import path from "node:path";
import { getEnv } from "@/lib/env";
import { openPglite, openPostgres } from "@/db/client";
import { demoSignInLines, seedDemo } from "@/lib/demo/seed";

async function main() {
  const env = getEnv();
  const database = env.DATABASE_URL
    ? await openPostgres(env.DATABASE_URL, { max: 1 })
    : await openPglite({ dataDir: path.resolve(env.PGLITE_DIR) });
  const seeded = await seedDemo(database.db, { history: true });
  await database.close();
  console.log(seeded ? "Demo clinics loaded. Sign in with:" : "The demo is already there. Sign in with:");
  console.log(demoSignInLines().join("\n"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
