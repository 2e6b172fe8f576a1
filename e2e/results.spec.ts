import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, SOL_ADMIN, signIn, visible } from "./helpers";

/**
 * The results page in both languages: every tile says a figure or the truth about why there is none (no
 * charges yet, satisfaction not asked yet), each chart has its table, the period is in the URL, axe finds
 * nothing serious; screenshots at 1280 and 390 px go to test-results/ for a person to look at.
 */
const words = {
  es: {
    heading: "Resultados",
    satisfactionNone: "No se envió la pregunta de satisfacción",
    records: "Ver ",
    back: "Volver a resultados",
    messagesTitle: "Mensajes enviados",
    noRecords: "Sin registros",
    last7: "Últimos 7 días",
    last90: "Últimos 90 días",
    toClose: "Citas por cerrar",
    nav: "Resultados",
    marked: /(\d[\d,]*) inasistencias de (\d[\d,]*) citas marcadas/,
    requested: /(\d[\d,]*) de (\d[\d,]*) citas confirmadas/,
    confirmations: /(\d[\d,]*) confirmaci/,
    ttcEmpty: "Ninguna cita se confirmó después de una solicitud entregada",
    doctorsEmpty: "Ninguna cita pasada en este periodo.",
    collectionNone: "Aún no hay cobros",
  },
  en: {
    heading: "Results",
    satisfactionNone: "No satisfaction question went out",
    records: "See ",
    back: "Back to results",
    messagesTitle: "Messages sent",
    noRecords: "No records",
    last7: "Last 7 days",
    last90: "Last 90 days",
    toClose: "Visits to close",
    nav: "Results",
    marked: /(\d[\d,]*) no-shows of (\d[\d,]*) marked visits/,
    requested: /(\d[\d,]*) of (\d[\d,]*) visits confirmed/,
    confirmations: /(\d[\d,]*) confirmation/,
    ttcEmpty: "No visit was confirmed after a delivered request",
    doctorsEmpty: "No past visits in this period.",
    collectionNone: "No charges yet",
  },
} as const;

/** A count as the page prints it ("1,234"), back to a number. */
const num = (text: string | null | undefined) => Number((text ?? "").replace(/\D/g, "") || "0");

/**
 * The time-to-confirm, doctors and funnel tables carry the tiles' numbers, split: the buckets add up to the
 * tile's confirmations, the doctors' rows to the marked and requested visits, the funnel's methods to the
 * collection funnel's requested, opened and paid (one page load: one snapshot of the shared database). Without
 * data each section says so instead of drawing a chart.
 */
async function expectSplitTablesMatchTiles(page: Page, locale: "es" | "en") {
  const tileText = async (id: string) => (await page.getByTestId(`tile-${id}`).filter(visible).textContent()) ?? "";
  const match = (text: string, re: RegExp, group: number) => num(text.match(re)?.[group]);
  const column = async (table: string, heading: string, index: number) => {
    const cells = await page
      .locator(`section[aria-labelledby='${heading}']`)
      .filter(visible)
      .getByTestId(table)
      .locator("tbody tr")
      .evaluateAll((rows, i) => rows.map((r) => r.querySelectorAll("td")[i]?.textContent ?? ""), index);
    return cells.map(num);
  };
  const sum = (values: number[]) => values.reduce((n, v) => n + v, 0);
  const w = words[locale];

  const confirmations = match(await tileText("time-to-confirm"), w.confirmations, 1);
  const ttcSection = page.locator("section[aria-labelledby='ttc-heading']").filter(visible);
  if (confirmations === 0) {
    await expect(ttcSection).toContainText(w.ttcEmpty);
  } else {
    await expect(ttcSection.getByTestId("ttc-table").locator("tbody tr")).toHaveCount(5);
    expect(sum(await column("ttc-table", "ttc-heading", 0))).toBe(confirmations);
  }

  const marked = match(await tileText("no-show"), w.marked, 2);
  const requested = match(await tileText("confirmation"), w.requested, 2);
  const doctorsSection = page.locator("section[aria-labelledby='doctors-heading']").filter(visible);
  if ((await doctorsSection.getByTestId("doctors-table").count()) === 0) {
    await expect(doctorsSection).toContainText(w.doctorsEmpty);
    expect(marked + requested).toBe(0);
  } else {
    expect(sum(await column("doctors-table", "doctors-heading", 1))).toBe(marked);
    expect(sum(await column("doctors-table", "doctors-heading", 3))).toBe(requested);
  }

  const funnelSection = page.locator("section[aria-labelledby='funnel-heading']").filter(visible);
  const collectionFunnel = page.locator("section[aria-labelledby='collection-heading']").filter(visible).getByTestId("collection-funnel");
  if ((await collectionFunnel.count()) === 0) {
    await expect(funnelSection).toContainText(w.collectionNone);
  } else {
    const steps = await collectionFunnel.locator("tbody tr td").allTextContents();
    // Requested, link opened, paid: the same columns in both tables.
    for (const step of [0, 1, 2]) {
      expect(sum(await column("funnel-table", "funnel-heading", step))).toBe(num(steps[step]));
    }
  }
}

for (const locale of ["es", "en"] as const) {
  test(`results page: tiles, charts with their tables, period in the URL (${locale})`, async ({ page }, testInfo) => {
    await signIn(page, LUNA_ADMIN, { locale });
    // Home carries the "to close" list (empty or not, it says which).
    await page.goto(`/${locale}`);
    await expect(page.getByTestId("to-close").filter(visible)).toContainText(words[locale].toClose);

    await page.getByRole("navigation").getByRole("link", { name: words[locale].nav }).first().click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/results$`));
    await expect(page.getByRole("heading", { level: 1, name: words[locale].heading })).toBeVisible();
    for (const id of [
      "no-show",
      "confirmation",
      "time-to-confirm",
      "coverage",
      "hours",
      "delivery",
      "collection",
      "satisfaction",
      "waitlist",
      "campaign",
    ]) {
      await expect(page.getByTestId(`tile-${id}`).filter(visible)).toBeVisible();
    }
    for (const heading of ["collection-heading", "satisfaction-heading"]) {
      await expect(page.locator(`section[aria-labelledby='${heading}']`).filter(visible)).toBeVisible();
    }
    // The browser tests' demo has no satisfaction question turned on: the tile says why there is no figure.
    await expect(page.getByTestId("tile-satisfaction").filter(visible)).toContainText(words[locale].satisfactionNone);

    // A chart is drawn only with its table of numbers beside it; without data the section says so instead.
    for (const [table, heading] of [
      ["weekly-table", "weekly-heading"],
      ["channels-table", "channels-heading"],
      ["ttc-table", "ttc-heading"],
      ["doctors-table", "doctors-heading"],
      ["funnel-table", "funnel-heading"],
    ] as const) {
      const section = page.locator(`section[aria-labelledby='${heading}']`).filter(visible);
      const rows = section.getByTestId(table).locator("tbody tr");
      if ((await rows.count()) > 0) {
        await expect(section.locator(".recharts-wrapper")).toHaveCount(1);
      } else {
        await expect(section.locator(".recharts-wrapper")).toHaveCount(0);
      }
    }

    await expectSplitTablesMatchTiles(page, locale);

    // Default: last 30 days; the presets and a custom range are links/forms in the URL.
    const period = page.getByTestId("results-period").filter(visible);
    const before = await period.textContent();
    await page.getByRole("link", { name: words[locale].last7 }).click();
    await expect(page).toHaveURL(/period=7d/);
    await expect(page.getByRole("link", { name: words[locale].last7 })).toHaveAttribute("aria-current", "page");
    await expect(period).not.toHaveText(before ?? "");
    await page.goto(`/${locale}/results?period=custom&from=2026-01-01&to=2026-01-31`);
    await expect(page.getByTestId("results-period").filter(visible)).toContainText("2026");
    await page.getByRole("link", { name: words[locale].last90 }).click();
    await expect(page).toHaveURL(/period=90d/);

    // Drill-down: the messages tile says how many records it counts; its list has exactly that many, and so has the CSV.
    await page.goto(`/${locale}/results?period=30d`);
    const link = page.getByTestId("tile-delivery-records").filter(visible);
    const label = (await link.textContent()) ?? "";
    const shown = Number((label.match(/\d[\d,.]*/)?.[0] ?? "0").replace(/[,.]/g, ""));
    await link.click();
    await expect(page).toHaveURL(/\/results\/records\?.*list=messages/);
    await expect(page).toHaveURL(/period=30d/);
    await expect(page.getByRole("heading", { level: 1, name: words[locale].messagesTitle })).toBeVisible();
    const total = page.getByTestId("records-total").filter(visible);
    if (shown === 0) {
      await expect(total).toHaveText(words[locale].noRecords);
    } else {
      await expect(page.getByTestId("records-table").filter(visible).locator("tbody tr")).toHaveCount(Math.min(shown, 500));
      await expect(total).toContainText(String(shown).slice(-3));
    }
    const csvHref = await page.getByTestId("records-csv").filter(visible).getAttribute("href");
    const csv = await page.request.get(csvHref!);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\n");
    expect(lines.length - 1).toBe(shown);
    const recordsAxe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(recordsAxe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    // The channel filter is in the URL and narrows the list: WhatsApp only.
    await page.goto(`/${locale}/results/records?list=messages&period=30d&channel=sms`);
    const smsRows = page.getByTestId("records-table").filter(visible).locator("tbody tr");
    for (const row of await smsRows.all()) await expect(row).toContainText("SMS");
    await page.getByRole("link", { name: words[locale].back }).click();
    await expect(page).toHaveURL(/\/results\?.*channel=sms/);
    await expect(page.getByTestId("results-filters").filter(visible).getByRole("combobox").nth(1)).toHaveValue("sms");

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

    await page.goto(`/${locale}/results`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`results-${locale}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: testInfo.outputPath(`results-${locale}-390.png`), fullPage: true });
  });
}

for (const locale of ["es", "en"] as const) {
  test(`results page: rates by doctor for a clinic with a visit that has started (${locale})`, async ({ page }, testInfo) => {
    // Clínica Sol holds the fixtures' visit that started before the server did: the doctors table has its doctor's row.
    await signIn(page, SOL_ADMIN, { locale });
    await page.goto(`/${locale}/results?period=7d`);
    const section = page.locator("section[aria-labelledby='doctors-heading']").filter(visible);
    await expect(section.getByTestId("doctors-table").locator("tbody tr").first()).toBeVisible();
    await expect(section.locator(".recharts-wrapper")).toHaveCount(1);
    await expectSplitTablesMatchTiles(page, locale);
    await page.setViewportSize({ width: 1280, height: 900 });
    await section.screenshot({ path: testInfo.outputPath(`results-doctors-${locale}-1280.png`) });
  });
}
