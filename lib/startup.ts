import { getDatabase } from "@/db/client";
import { demoSignInLines, seedDemo } from "@/db/seed";
import { activeParts, getEnv } from "@/lib/env";

export async function startEmbeddedServices() {
  const env = getEnv();
  const parts = activeParts(env);
  const database = await getDatabase();
  const seedWanted = env.SEED_DEMO ? env.SEED_DEMO === "1" : env.NODE_ENV !== "production" && database.kind === "pglite";
  const seeded = seedWanted ? await seedDemo(database.db) : false;
  console.log(
    `[luna] database: ${parts.db}${parts.db === "pglite" ? ` (${env.PGLITE_DIR})` : ""} · scheduler: ${parts.scheduler} · messaging: ${parts.messaging} · email: ${parts.email} · storage: ${parts.storage}`,
  );
  if (parts.scheduler === "embedded") {
    const { startEmbeddedDriver } = await import("@/lib/notifications/scheduler");
    startEmbeddedDriver();
  }
  if (seedWanted) {
    console.log(seeded ? "[luna] Demo clinics seeded. Sign in with:" : "[luna] Demo sign-in:");
    console.log(demoSignInLines().join("\n"));
  }
}
