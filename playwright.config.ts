import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_LINK_BUDGET } from "./e2e/limits";

/**
 * End-to-end journeys in Debian's Chromium (no `playwright install`) against `next start` on a built app.
 *
 * `npm run test:e2e` first runs `pretest:e2e` (e2e/ensure-build.mjs), which builds when `.next/BUILD_ID`
 * is missing or older than the sources. The web server command empties the e2e data folder, then
 * e2e/seed-fixtures.ts seeds the demo clinics and what the specs need from the past (an expired link, a
 * visit whose time has come) before `next start`: each run starts from the same data, and the app has no
 * hook to move its clock.
 */
// Never 3000: a dev server may be running there. E2E_PORT lets two checkouts run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const E2E_DATA_DIR = path.join(".data", "e2e");
export const E2E_PGLITE_DIR = path.join(E2E_DATA_DIR, "pglite");
/** What e2e/seed-fixtures.ts seeded before the server started (an expired link, a past visit): see e2e/fixtures.ts. */
export const E2E_FIXTURES_FILE = path.join(E2E_DATA_DIR, "fixtures.json");
/** Webhook tests sign requests as Twilio would; no Account SID is set, so messages still go to the outbox. */
export const E2E_TWILIO_AUTH_TOKEN = "e2e-twilio-auth-token";
export const E2E_PUBLIC_BASE_URL = BASE_URL;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    locale: "es-MX",
    timezoneId: "America/Mexico_City",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    navigationTimeout: 30_000,
    actionTimeout: 15_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-sandbox",
          ],
        },
      },
    },
  ],
  webServer: {
    // `exec` so that the server is the process Playwright stops (no orphan keeps the port or the database).
    command: `rm -rf ${E2E_DATA_DIR} && node node_modules/tsx/dist/cli.mjs e2e/seed-fixtures.ts && exec node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${PORT}`,
    url: `${BASE_URL}/api/health`,
    // A server left on 3100 would carry an old database: fail instead of reusing it.
    reuseExistingServer: false,
    // Seeding (a fresh PGlite: initdb, migrations, the demo) plus the server's start.
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "luna-e2e-auth-secret-not-for-production-0123456789",
      AUTH_TRUST_HOST: "true",
      SEED_DEMO: "1",
      // No Twilio/Resend keys here: a production start needs this to run on simulated messages (staff pages say so).
      LUNA_ALLOW_SIMULATED: "1",
      // The whole suite opens patient links from 127.0.0.1: one client's budget (e2e/limits.ts).
      PATIENT_LINK_REQUESTS_PER_10_MIN: String(E2E_LINK_BUDGET),
      // The suite runs at any hour: the demo clinics start without quiet hours (settings.spec turns them on).
      SEED_QUIET_HOURS: "0",
      PGLITE_DIR: E2E_PGLITE_DIR,
      BLOBS_DIR: path.join(E2E_DATA_DIR, "blobs"),
      E2E_FIXTURES_FILE,
      // Never the developer's PostgreSQL: the embedded database is thrown away after each run.
      DATABASE_URL: "",
      TZ: "UTC",
      TWILIO_AUTH_TOKEN: E2E_TWILIO_AUTH_TOKEN,
      PUBLIC_BASE_URL: E2E_PUBLIC_BASE_URL,
      // e2e/replies.spec.ts moves a visit and answers before its reschedule notice is due (2 minutes in a clinic).
      RESCHEDULE_COALESCE_SECONDS: "20",
      // e2e/messaging-settings.spec.ts stores a clinic's own Twilio token (encrypted with this key).
      LUNA_SECRETS_KEY: "e2e0".repeat(16),
    },
  },
});
