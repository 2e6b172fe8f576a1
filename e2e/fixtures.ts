import { readFileSync } from "node:fs";
import { test as base, expect, type BrowserContext, type ConsoleMessage } from "@playwright/test";
import { E2E_FIXTURES_FILE } from "../playwright.config";
import type { E2eFixtures } from "./seed-fixtures";

/** What e2e/seed-fixtures.ts seeded before the server started. */
export function seeded(): E2eFixtures {
  return JSON.parse(readFileSync(E2E_FIXTURES_FILE, "utf8")) as E2eFixtures;
}

/** How Chromium reports a Content-Security-Policy violation in the console. */
export const isCspViolation = (text: string) =>
  /Content Security Policy|Refused to (execute|load|apply|connect|frame|run|evaluate|send)/i.test(text);

let cspViolations: string[] = [];

/**
 * Records CSP violations of every page of `context` for the running test. The `test` below watches its own
 * context; helpers that open another (signInInNewContext) call this too.
 */
export function watchForCspViolations(context: BrowserContext) {
  const record = (message: ConsoleMessage) => {
    if (isCspViolation(message.text())) cspViolations.push(`${message.page()?.url() ?? "?"}: ${message.text()}`);
  };
  context.on("console", record);
}

/**
 * Playwright's `test`, failing any test whose pages logged a Content-Security-Policy violation: a script
 * without the nonce, a blocked style or connection. Specs import `test` and `expect` from here. Tests that
 * only use `request` start no browser.
 */
export const test = base.extend<{ failOnCspViolation: void }>({
  context: async ({ context }, provide) => {
    watchForCspViolations(context);
    await provide(context);
  },
  failOnCspViolation: [
    async ({}, provide) => {
      cspViolations = [];
      await provide();
      expect(cspViolations, "Content-Security-Policy violations in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
