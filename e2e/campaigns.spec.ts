import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, uniqueTag, visible } from "./helpers";

async function openChart(page: Page, locale: "es" | "en", query: string, name: string) {
  await page.goto(`/${locale}/patients?q=${encodeURIComponent(query)}`);
  await page.getByRole("link", { name }).filter(visible).click();
  await expect(page.getByRole("heading", { level: 1 }).filter(visible)).toBeVisible();
}

const words = {
  es: {
    grant: "Registrar que acepta",
    accepts: "Acepta",
    nav: "Campañas",
    newCampaign: "Nueva campaña",
    name: "Nombre de la campaña",
    save: "Guardar borrador",
    launch: "Lanzar campaña",
    launched: /Campaña lanzada/,
    preview: /Hola María, la campaña de vacunación contra la influenza ya empezó en Clínica Luna/,
    recipients: /la recibiría|la recibirían/,
    noConsent: /sin consentimiento para campañas/,
  },
  en: {
    grant: "Record consent",
    accepts: "Accepts",
    nav: "Campaigns",
    newCampaign: "New campaign",
    name: "Campaign name",
    save: "Save draft",
    launch: "Launch campaign",
    launched: /Campaign launched/,
    preview: /Hi Maria, the flu vaccination campaign has started at Clínica Luna/,
    recipients: /would receive it/,
    noConsent: /no campaign consent/,
  },
} as const;

for (const [locale, query, name] of [
  ["es", "Martínez", "Martínez Gómez, José"],
  ["en", "Johnson", "Johnson, Sarah"],
] as const) {
  test(`campaigns (${locale}): record consent on the chart, build a segment with its live count and preview, launch`, async ({ page }) => {
    const w = words[locale];
    await signIn(page, LUNA_ADMIN, { locale });
    await openChart(page, locale, query, name);
    const whatsapp = page.getByTestId("marketing-consent-whatsapp");
    if (!(await whatsapp.getByText(w.accepts, { exact: true }).isVisible())) {
      await whatsapp.getByRole("button", { name: w.grant }).click();
    }
    await expect(whatsapp.getByText(w.accepts, { exact: true })).toBeVisible();

    await page.getByRole("navigation").getByRole("link", { name: w.nav }).filter(visible).click();
    await page.getByRole("link", { name: w.newCampaign }).click();
    const campaignName = `Influenza ${uniqueTag()}`;
    await page.getByLabel(w.name).fill(campaignName);
    await expect(page.getByTestId("segment-recipients")).toContainText(w.recipients);
    await expect(page.getByTestId("excluded-no_consent")).toContainText(w.noConsent);
    await expect(page.getByTestId("campaign-preview")).toContainText(w.preview);
    await page.getByRole("button", { name: w.save }).click();

    await expect(page.getByRole("heading", { level: 1, name: campaignName })).toBeVisible();
    await page.getByRole("button", { name: w.launch }).click();
    await expect(page.getByRole("status").filter({ hasText: w.launched })).toBeVisible();
    await expect(page.getByTestId("campaign-progress")).toBeVisible();
  });
}
