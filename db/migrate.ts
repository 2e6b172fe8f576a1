/** `npm run db:migrate`: applies db/migrations to DATABASE_URL (or to the PGlite folder). */
import { getEnv } from "@/lib/env";
import { migratePostgres, openPglite, openPostgres } from "./client";
import path from "node:path";

async function main() {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const database = await openPostgres(env.DATABASE_URL, { max: 1 });
    await migratePostgres(database.db);
    await database.close();
    console.log("Migrated PostgreSQL.");
  } else {
    const database = await openPglite({ dataDir: path.resolve(env.PGLITE_DIR) });
    await database.close();
    console.log(`Migrated PGlite in ${env.PGLITE_DIR} (stop \`npm run dev\` first: one process owns that folder).`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
