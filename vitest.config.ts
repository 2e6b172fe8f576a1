import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data/**"],
    globalSetup: ["./db/testing/global-setup.ts"],
    setupFiles: ["./db/testing/setup-env.ts"],
    // PGlite boots a Postgres per file: two workers is what this machine's two cores carry.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: process.env.TZ ?? "UTC" },
    // next-intl's ESM imports "next/server" without an extension (so does next-auth); let Vite resolve it (proxy.test.ts).
    server: { deps: { inline: ["next-intl", "next-auth"] } },
  },
});
