/**
 * `npm run bench`: every benchmark, one after the other, each in its own process.
 *   npm run bench               # dispatch, the message log, then payments
 *   npm run bench -- dispatch   # only scripts/bench-dispatch.ts
 *   npm run bench -- log        # only scripts/bench-log.ts
 *   npm run bench -- payments   # only scripts/bench-payments.ts
 *   npm run bench -- campaign   # only scripts/bench-campaign.ts
 * Each keeps its own database rules and knobs (docs/benchmarks.md).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const BENCHES = {
  dispatch: "scripts/bench-dispatch.ts",
  log: "scripts/bench-log.ts",
  payments: "scripts/bench-payments.ts",
  campaign: "scripts/bench-campaign.ts",
} as const;
type BenchName = keyof typeof BENCHES;

const asked = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(", ")} (choose from ${Object.keys(BENCHES).join(", ")})`);
  process.exit(2);
}
const selected = (asked.length ? asked : Object.keys(BENCHES)) as BenchName[];
const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");

let failed = false;
for (const name of selected) {
  console.log(`\n=== bench: ${name} (${BENCHES[name]}) ===\n`);
  // One JSON log line per message would be most of the output and part of the cost measured: the
  // figures are the engine's, so the benches log warnings and errors only unless LOG_LEVEL says otherwise.
  const result = spawnSync(process.execPath, [tsx, BENCHES[name]], { stdio: "inherit", env: { LOG_LEVEL: "warn", ...process.env } });
  if (result.status !== 0) {
    console.error(`bench ${name} exited with ${result.status ?? result.signal}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
