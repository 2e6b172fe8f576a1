import { getDatabase } from "@/db/client";
import { demoSignInLines, seedDemo } from "@/lib/demo/seed";
import { activeParts, getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { installDriver } from "@/lib/notifications/drivers/current";
import { selectDriver } from "@/lib/notifications/drivers/select";
import type { NotificationDriver } from "@/lib/notifications/drivers/types";
import { checkProductionStart } from "@/lib/production-check";

export interface StartOptions {
  /** Builds the Inngest driver (inngest/driver.ts), passed in by instrumentation.ts: lib/ never imports inngest/. */
  inngestDriver: () => Promise<NotificationDriver>;
}

/**
 * The server's start (instrumentation.ts). Throws, before opening anything, when production would simulate
 * messages. Chooses and installs the notification driver once for the process.
 */
export async function startEmbeddedServices(options: StartOptions) {
  const env = getEnv();
  const check = checkProductionStart(env);
  if (!check.ok) throw new ProductionStartRefused(check.message);

  const parts = activeParts(env);
  const database = await getDatabase();
  const seedWanted = env.SEED_DEMO ? env.SEED_DEMO === "1" : env.NODE_ENV !== "production" && database.kind === "pglite";
  const seeded = seedWanted ? await seedDemo(database.db, { quietHours: env.SEED_QUIET_HOURS !== "0", history: true }) : false;
  log.info(
    { event: "startup", ...parts },
    `[luna] database: ${parts.db}${parts.db === "pglite" ? ` (${env.PGLITE_DIR})` : ""} · scheduler: ${parts.scheduler} · messaging: ${parts.messaging} · email: ${parts.email} · storage: ${parts.storage}`,
  );
  if (check.simulated) {
    log.warn({ event: "startup.simulated" }, "[luna] messages are simulated: they go to the outbox and never reach patients");
  }
  if (env.NODE_ENV === "production" && parts.db === "pglite") {
    log.warn(
      { event: "startup.pglite" },
      `[luna] production on the embedded database (PGlite in ${env.PGLITE_DIR}): one process only, and back it up (npm run db:backup -- <file>, docs/deploy.md); a clinic should set DATABASE_URL to PostgreSQL`,
    );
  }
  const { createAppEmbeddedDriver } = await import("@/lib/notifications/scheduler");
  await installDriver(await selectDriver({ env, embedded: createAppEmbeddedDriver, inngest: options.inngestDriver }));
  // The waitlist's check (run-out holds → next wave): under Inngest its cron (advance-slot-offers) runs it.
  if (parts.scheduler === "embedded") (await import("@/lib/waitlist/check")).startEmbeddedWaitlistCheck();
  // Stale online payments asked about at the provider: under Inngest its cron (reconcile-payments) runs it.
  if (parts.scheduler === "embedded") (await import("@/lib/payments/reconcile-check")).startEmbeddedPaymentsReconcile();
  if (seedWanted) {
    // The demo accounts (fixed, public): the one place a log line carries sign-in addresses.
    log.info({ event: "startup.demo" }, seeded ? "[luna] Demo clinics seeded. Sign in with:" : "[luna] Demo sign-in:");
    for (const line of demoSignInLines()) log.info({ event: "startup.demo" }, line);
  }
}

export class ProductionStartRefused extends Error {
  name = "ProductionStartRefused";
}
