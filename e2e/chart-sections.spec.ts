import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, openPatients, signIn, visible } from "./helpers";

/**
 * The patient chart is long (every visit, message, document, form, prescription and payment): a sticky nav
 * links to each section, by keyboard as well, and each section has its own address (`#documents`).
 */
const SECTIONS = {
  es: {
    nav: "Secciones del expediente",
    links: [
      "Perfil",
      "Citas",
      "Lista de espera",
      "Pagos",
      "Documentos",
      "Formularios",
      "Recetas",
      "Indicaciones",
      "Mensajes",
      "Editar datos",
    ],
    documents: "Documentos",
    payments: "Pagos",
  },
  en: {
    nav: "Chart sections",
    links: [
      "Profile",
      "Visits",
      "Waitlist",
      "Payments",
      "Documents",
      "Forms",
      "Prescriptions",
      "Care instructions",
      "Messages",
      "Edit details",
    ],
    documents: "Documents",
    payments: "Payments",
  },
} as const;

async function openChart(page: Page, locale: "es" | "en") {
  await openPatients(page, locale, "Guerrero Rojas");
  await page.getByRole("link", { name: "Guerrero Rojas, Sofía" }).filter(visible).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Sofía Guerrero Rojas" })).toBeVisible();
  return page.url().split("#")[0];
}

const shots = process.env.E2E_SCREENSHOTS_DIR;

for (const locale of ["es", "en"] as const) {
  test(`the chart's sections are linked from a sticky nav, by keyboard too, and each has an address (${locale})`, async ({ page }) => {
    const l = SECTIONS[locale];
    await signIn(page, LUNA_ADMIN, { locale });
    const chartUrl = await openChart(page, locale);
    const nav = page.getByRole("navigation", { name: l.nav });
    await expect(nav.getByRole("link")).toHaveText([...l.links]);
    if (shots) await page.screenshot({ path: `${shots}/chart-${locale}-${page.viewportSize()!.width}.png` });

    // Keyboard: focus the Documents link, Enter: the address names the section and its heading is in view.
    await nav.getByRole("link", { name: l.documents, exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#documents$/);
    const documentsHeading = page.locator("#documents-heading");
    await expect(documentsHeading).toBeInViewport();
    // The nav stays on screen, and marks where the reader is.
    await expect(nav).toBeInViewport();
    await expect(nav.getByRole("link", { name: l.documents, exact: true })).toHaveAttribute("aria-current", "location");

    // A shared link opens the chart at its section.
    await page.goto("about:blank");
    await page.goto(`${chartUrl}#payments`);
    await expect(page.locator("#payments-heading")).toBeInViewport();
    await expect(nav.getByRole("link", { name: l.payments, exact: true })).toHaveAttribute("aria-current", "location");

    const results = await new AxeBuilder({ page })
      .include("[data-testid='chart-sections']")
      .withTags(["wcag2a", "wcag2aa", "wcag21aa"])
      .analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });
}

for (const locale of ["es", "en"] as const) {
  test(`at 820 px the section nav scrolls sideways instead of wrapping over the chart (${locale})`, async ({ page }) => {
    await page.setViewportSize({ width: 820, height: 1000 });
    await signIn(page, LUNA_ADMIN, { locale });
    await openChart(page, locale);
    const nav = page.getByTestId("chart-sections");
    const box = (await nav.boundingBox())!;
    expect(box.height).toBeLessThan(60);
    const last = nav.getByRole("link", { name: SECTIONS[locale].links.at(-1)!, exact: true });
    await last.focus();
    await expect(last).toBeInViewport();
    if (shots) await page.screenshot({ path: `${shots}/chart-${locale}-820.png` });
  });
}
