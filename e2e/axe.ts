import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Runs axe (WCAG 2.x A/AA and best practices) and fails on serious or critical violations, listing them. */
export async function expectNoSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.replace(/\n/g, " ")}`).join("\n")}`,
  );
  const minor = results.violations.filter((v) => !serious.includes(v));
  if (minor.length) console.log(`[a11y] ${name}: minor/moderate findings: ${minor.map((v) => `${v.id} (${v.impact})`).join(", ")}`);
  expect(report, `serious/critical axe violations on ${name}`).toEqual([]);
}
