import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys in Debian's Chromium (no `playwright install`) against `next start` on a built app.
 *
 * `npm run test:e2e` first runs `pretest:e2e` (e2e/ensure-build.mjs), which builds when `.next/BUILD_ID`
 * is missing or older than the sources. The server gets a PGlite folder that the web server command
 * empties before every run, so each run starts from the freshly seeded demo clinics.
 */
// Never 3000: a dev server may be running there. E2E_PORT lets two checkouts run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;
export const E2E_PGLITE_DIR = path.join(".data", "e2e", "pglite");
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
    command: `rm -rf ${E2E_PGLITE_DIR} && exec node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${PORT}`,
    url: `${BASE_URL}/api/health`,
    // A server left on 3100 would carry an old database: fail instead of reusing it.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "luna-e2e-auth-secret-not-for-production-0123456789",
      AUTH_TRUST_HOST: "true",
      SEED_DEMO: "1",
      PGLITE_DIR: E2E_PGLITE_DIR,
      // Never the developer's PostgreSQL: the embedded database is thrown away after each run.
      DATABASE_URL: "",
      TZ: "UTC",
      TWILIO_AUTH_TOKEN: E2E_TWILIO_AUTH_TOKEN,
      PUBLIC_BASE_URL: E2E_PUBLIC_BASE_URL,
      // Lets e2e/documents.spec.ts move "now" on patient link pages (x-luna-now) to see a link expire.
      LUNA_E2E_CLOCK: "1",
    },
  },
});
