import { readFileSync } from "node:fs";
import { E2E_FIXTURES_FILE } from "../playwright.config";
import type { E2eFixtures } from "./seed-fixtures";

/** What e2e/seed-fixtures.ts seeded before the server started. */
export function seeded(): E2eFixtures {
  return JSON.parse(readFileSync(E2E_FIXTURES_FILE, "utf8")) as E2eFixtures;
}
