/**
 * Runs once when the Next.js server starts: refuses a production start on simulated messages (unless
 * LUNA_ALLOW_SIMULATED=1), opens the database (PGlite is created and migrated here on first start),
 * seeds the demo into an empty database, prints the demo sign-in, and installs the notification driver.
 *
 * This is the app's composition root: the one place that hands lib/ an implementation from inngest/ (the
 * Inngest driver, built only when Inngest is configured), so lib/ never imports the Inngest client.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First: the client address of every request from here on is the socket's (lib/security/client-address.ts).
  const { installSocketAddressStamp } = await import("./lib/security/socket-address");
  await installSocketAddressStamp();
  const { startEmbeddedServices, ProductionStartRefused } = await import("./lib/startup");
  try {
    await startEmbeddedServices({
      inngestDriver: async () => (await import("./inngest/driver")).createInngestDriver(),
    });
  } catch (error) {
    if (!(error instanceof ProductionStartRefused)) throw error;
    const { log } = await import("./lib/log");
    log.fatal({ event: "startup.refused" }, error.message);
    process.exit(1);
  }
}
