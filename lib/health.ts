import type { Database } from "@/db/client";
import { pingDb } from "@/db/client";
import { activeParts, type Env } from "@/lib/env";

/** What /api/health reports: which implementation of each part is active, and whether the database answers. */
export async function checkHealth(openDatabase: () => Promise<Database>, env?: Env) {
  const parts = activeParts(env);
  try {
    const database = await openDatabase();
    await pingDb(database.db);
    return { httpStatus: 200, body: { status: "ok" as const, ...parts } };
  } catch (error) {
    console.error("[health] database unreachable:", error instanceof Error ? error.message : error);
    return { httpStatus: 503, body: { status: "error" as const, ...parts, error: "database_unreachable" } };
  }
}
