// Runs before `npm run test:e2e` (the `pretest:e2e` script): the browser tests run against `next start`,
// which needs a production build. Builds when there is none, or when a source file changed after it,
// so a fresh clone (`npm ci && npm run test:e2e`) works and a stale build is never tested by accident.
// E2E_SKIP_BUILD=1 uses whatever build is there.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const buildId = path.join(root, ".next", "BUILD_ID");

const SKIP_DIRS = new Set(["node_modules", ".next", ".data", ".git", ".ci", "e2e", "test-results", "playwright-report", "coverage"]);
const SOURCE = /\.(tsx?|mjs|cjs|js|json|css)$/;
// Tests, tool configs that the build does not read, generated files and scratch files (*.tmp.*).
const NOT_BUILD_INPUT =
  /(\.test\.tsx?$|\.tsbuildinfo$|\.tmp\.|^next-env\.d\.ts$|^(playwright|vitest|drizzle)\.config\.ts$|^eslint\.config\.mjs$)/;

function newestSource(dir) {
  let newest = { file: "", mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || entry.name === "testing") continue;
      const inner = newestSource(path.join(dir, entry.name));
      if (inner.mtime > newest.mtime) newest = inner;
    } else if (entry.isFile() && SOURCE.test(entry.name) && !NOT_BUILD_INPUT.test(entry.name)) {
      const file = path.join(dir, entry.name);
      const mtime = statSync(file).mtimeMs;
      if (mtime > newest.mtime) newest = { file, mtime };
    }
  }
  return newest;
}

function reasonToBuild() {
  if (!existsSync(buildId)) return "no production build (.next/BUILD_ID is missing)";
  const built = statSync(buildId).mtimeMs;
  const newest = newestSource(root);
  if (newest.mtime > built) return `${path.relative(root, newest.file)} changed after the last build`;
  return null;
}

const reason = process.env.E2E_SKIP_BUILD === "1" ? null : reasonToBuild();
if (!reason) {
  console.log("[e2e] using the existing production build in .next/");
} else {
  console.log(`[e2e] building: ${reason}`);
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
