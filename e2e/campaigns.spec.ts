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
    scheduledAt: "Enviar el (opcional)",
    price: /Precio por mensaje entregado/,
    patientCap: /Una campaña por paciente cada/,
    days: /Se envía en 1 día|Se reparte en \d+ días/,
    cost: /Costo estimado: \$/,
    pace: /De 10:00 a 19:00 · hasta 250 pacientes por día/,
    pause: "Pausar",
    paused: "En pausa",
    held: /Campaña en pausa/,
    resume: "Reanudar",
    resumed: /Campaña reanudada/,
    test: "Enviarme una prueba",
    tested: /Prueba enviada a/,
    results: "Resultados",
    list: /O pega una lista de pacientes/,
    unmatched: /2 líneas no coinciden con ningún paciente/,
    emptyList: /Ninguna línea de la lista coincide/,
    privacy: "Aviso de privacidad",
    voluntary: /Finalidades voluntarias: campañas de salud/,
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
    scheduledAt: "Send on (optional)",
    price: /Price per delivered message/,
    patientCap: /One campaign per patient every/,
    days: /Sent in 1 day|Spread over \d+ days/,
    cost: /Estimated cost: /,
    pace: /From 10:00 to 19:00 · up to 250 patients a day/,
    pause: "Pause",
    paused: "Paused",
    held: /Campaign paused/,
    resume: "Resume",
    resumed: /Campaign resumed/,
    test: "Send me a test",
    tested: /Test sent to/,
    results: "Results",
    list: /Or paste a patient list/,
    unmatched: /2 lines match no patient/,
    emptyList: /No line of the list matches/,
    privacy: "Privacy notice",
    voluntary: /Voluntary purposes: health campaigns/,
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
    // Tomorrow at 11:00 clinic time: nothing goes out while the test pauses and resumes it.
    const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Mexico_City" }).format(new Date(Date.now() + 86_400_000));
    await page.getByLabel(w.scheduledAt).fill(`${tomorrow}T11:00`);
    // Schedule: a price gives a cost; no per-patient cap, so a re-run of this suite finds the same patients.
    await page.getByLabel(w.price).fill("0.85");
    await page.getByLabel(w.patientCap).fill("0");
    const estimate = page.getByTestId("campaign-estimate").filter(visible);
    await expect(estimate.getByTestId("estimate-days")).toContainText(w.days);
    await expect(estimate.getByTestId("estimate-cost")).toContainText(w.cost);
    await page.getByRole("button", { name: w.save }).click();

    await expect(page.getByRole("heading", { level: 1, name: campaignName })).toBeVisible();
    await expect(page.getByTestId("campaign-schedule").filter(visible)).toContainText(w.pace);
    await expect(page.getByTestId("campaign-estimate").filter(visible).getByTestId("estimate-cost")).toContainText(w.cost);
    await page.getByRole("button", { name: w.launch }).click();
    await expect(page.getByRole("status").filter({ hasText: w.launched })).toBeVisible();
    await expect(page.getByTestId("campaign-progress")).toBeVisible();

    // Pause holds what has not gone out; resume plans it again.
    await page.getByRole("button", { name: w.pause }).click();
    await expect(page.getByTestId("campaign-status").filter(visible)).toHaveText(w.paused);
    await expect(page.getByRole("status").filter({ hasText: w.held })).toBeVisible();
    await page.getByRole("button", { name: w.resume }).click();
    await expect(page.getByRole("status").filter({ hasText: w.resumed })).toBeVisible();
    await expect(page.getByTestId("campaign-status").filter(visible)).not.toHaveText(w.paused);

    // A test to myself, and the results table with its CSV.
    await page.getByRole("button", { name: w.test }).click();
    await expect(page.getByRole("status").filter({ hasText: w.tested })).toBeVisible();
    const results = page.getByTestId("campaign-results").filter(visible);
    await expect(results.getByRole("heading", { name: w.results })).toBeVisible();
    const csv = await page.request.get(`/${locale}/campaigns/${page.url().split("/").pop()}/export`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
  });

  test(`campaigns (${locale}): a pasted list that matches nobody shows its lines and an error`, async ({ page }) => {
    const w = words[locale];
    await signIn(page, LUNA_ADMIN, { locale });
    await page.goto(`/${locale}/campaigns/new`);
    await page.getByLabel(w.list).fill("55 0000 0001\nnadie.e2e@example.com");
    await expect(page.getByTestId("list-unmatched").filter(visible)).toContainText(w.unmatched);
    await expect(page.getByTestId("list-unmatched").filter(visible)).toContainText("nadie.e2e@example.com");
    await expect(page.getByText(w.emptyList).filter(visible)).toBeVisible();
  });

  test(`privacy notice (${locale}): public, versioned`, async ({ page }) => {
    const w = words[locale];
    await page.goto(`/${locale}/privacy/2025-03`);
    await expect(page.getByRole("heading", { level: 1, name: w.privacy })).toBeVisible();
    await expect(page.getByTestId("privacy-notice-version")).toContainText("2025-03");
    await expect(page.getByRole("heading", { name: w.voluntary })).toBeVisible();
  });
}
