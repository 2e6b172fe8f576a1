import type { Database } from "@/db/client";
import { pingDb } from "@/db/client";
import { activeParts, type Env } from "@/lib/env";
import { errorMessage, log } from "@/lib/log";

/** What /api/health reports: which implementation of each part is active, and whether the database answers. */
export async function checkHealth(openDatabase: () => Promise<Database>, env?: Env) {
  const parts = activeParts(env);
  try {
    const database = await openDatabase();
    await pingDb(database.db);
    return { httpStatus: 200, body: { status: "ok" as const, ...parts } };
  } catch (error) {
    log.error({ event: "health.database_unreachable" }, `[health] database unreachable: ${errorMessage(error)}`);
    return { httpStatus: 503, body: { status: "error" as const, ...parts, error: "database_unreachable" } };
  }
}
