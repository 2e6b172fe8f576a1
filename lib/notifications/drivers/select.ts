import { activeParts, type Env } from "@/lib/env";
import type { NotificationDriver } from "./types";

/**
 * Chooses the process's driver once, at start: Inngest when its keys (or INNGEST_DEV) are set
 * (`activeParts(env).scheduler`), else the embedded sweep. Both are factories so only the chosen one is
 * built; the Inngest one comes from outside lib/ (instrumentation.ts passes `inngest/driver.ts`), so the
 * domain never imports the Inngest client.
 */
export async function selectDriver(params: {
  env: Env;
  embedded: () => NotificationDriver;
  inngest: () => Promise<NotificationDriver>;
}): Promise<NotificationDriver> {
  return activeParts(params.env).scheduler === "inngest" ? params.inngest() : params.embedded();
}
