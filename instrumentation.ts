/**
 * Runs once when the Next.js server starts: opens the database (PGlite is created and migrated
 * here on first start), seeds the demo into an empty database, and prints the demo sign-in.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startEmbeddedServices } = await import("./lib/startup");
  await startEmbeddedServices();
}
