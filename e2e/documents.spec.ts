import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { E2E_PUBLIC_BASE_URL } from "../playwright.config";
import { seeded, expect, test } from "./fixtures";
import { LUNA_ADMIN, SOL_ADMIN, signIn, signInInNewContext, visible } from "./helpers";

/** Fails on serious or critical axe violations (WCAG 2.x A/AA and best practices), listing them. */
async function expectNoSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`);
  expect(report, `serious/critical axe violations on ${name}`).toEqual([]);
}

const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SCREENSHOTS_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS_DIR}/${name}.png`, fullPage: true });
};

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** A phone: 360 px wide, the patient's browser (no Luna cookies). */
async function phone(browser: Browser, locale = "es-MX") {
  const context = await browser.newContext({ viewport: { width: 360, height: 760 }, locale, timezoneId: "America/Mexico_City" });
  return { context, page: await context.newPage() };
}

async function openChart(page: Page, search: string, linkName: string) {
  await page.goto(`/es/patients?q=${encodeURIComponent(search)}`);
  await page.getByRole("link", { name: linkName }).filter(visible).click();
  await expect(page.getByRole("heading", { level: 2, name: "Documentos" })).toBeVisible();
}

/** Uploads a PDF on the open chart and returns the patient link the message carried. */
async function uploadAndReadLink(page: Page): Promise<string> {
  const before = await page.getByTestId("document").count();
  await page.getByLabel("Archivo PDF").setInputFiles({ name: "estudio.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "Subir y enviar" }).click();
  await expect(page.getByText("Resultados guardados; el aviso al paciente va en camino.")).toBeVisible();
  await expect(page.getByTestId("document")).toHaveCount(before + 1);
  // The embedded scheduler sends it at once, to the outbox (no provider keys here).
  const newest = page.getByTestId("document").first();
  await expect(async () => {
    await page.reload();
    await expect(newest.getByTestId("document-message-text")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const text = (await newest.getByTestId("document-message-text").textContent()) ?? "";
  const url = /https?:\/\/[^\s]+\/l\/[A-Za-z0-9_-]{22}/.exec(text)?.[0];
  expect(url, text).toBeTruthy();
  return url!;
}

test("staff upload a lab result; the patient opens the link on a phone and gets the PDF; revoked and expired links explain themselves", async ({
  page,
  browser,
}) => {
  await signIn(page, LUNA_ADMIN);
  await openChart(page, "Hernández", "Hernández Ruiz, María");
  await shot(page, "documents-staff-empty-es");

  // Not a PDF (whatever its name): refused, localized, nothing stored.
  const countBefore = await page.getByTestId("document").count();
  await page
    .getByLabel("Archivo PDF")
    .setInputFiles({ name: "resultados.pdf", mimeType: "application/pdf", buffer: Buffer.from("GIF89a not a pdf") });
  await page.getByRole("button", { name: "Subir y enviar" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "El archivo no es un PDF. Sube los resultados en formato PDF." })).toBeVisible();
  await expect(page.getByTestId("document")).toHaveCount(countBefore);

  const url = await uploadAndReadLink(page);
  const message = page.getByTestId("document").first().getByTestId("document-message");
  await expect(message).toContainText("WhatsApp");
  await expect(message).toContainText("Simulado (outbox)");
  await expect(message.getByTestId("document-message-text")).toHaveText(
    `Hola María, tus resultados de laboratorio de Clínica Luna están listos. Consúltalos aquí: ${url}. El enlace vence en 7 días.`,
  );
  await expect(page.getByTestId("document").first().getByTestId("link-state")).toHaveText("Enviado, sin abrir");
  await expectNoSeriousViolations(page, "patient chart with documents");
  await shot(page, "documents-staff-es");
  await page.setViewportSize({ width: 820, height: 1100 });
  await shot(page, "documents-staff-es-820");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Staff open the PDF themselves (audited); another clinic's staff get a 404 for the same address.
  const staffHref = await page.getByTestId("document").first().getByRole("link", { name: "Ver PDF" }).getAttribute("href");
  expect(staffHref).toMatch(/^\/api\/documents\/[0-9a-f-]{36}$/);
  const staffFile = await page.request.get(staffHref!);
  expect(staffFile.status()).toBe(200);
  expect(staffFile.headers()["content-type"]).toBe("application/pdf");
  const sol = await signInInNewContext(browser, SOL_ADMIN);
  expect((await sol.page.request.get(staffHref!)).status()).toBe(404);
  await sol.context.close();

  // The message log has it too (type filter lab_result_ready), for this patient.
  await page.goto("/es/messages?view=all&type=lab_result_ready&patient=Hern%C3%A1ndez");
  await expect(page.getByTestId("log-row").filter(visible).first()).toContainText("WhatsApp");
  await openChart(page, "Hernández", "Hernández Ruiz, María");

  const path = new URL(url).pathname;
  const { context, page: patient } = await phone(browser);
  const opened = await patient.goto(path);
  expect(opened?.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  await expect(patient.getByRole("heading", { level: 1, name: "Tus resultados de laboratorio" })).toBeVisible();
  await expect(patient.getByText("Clínica Luna").first()).toBeVisible();
  await expect(patient.locator('meta[name="robots"]').first()).toHaveAttribute("content", /noindex/);
  expect(await patient.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoSeriousViolations(patient, "lab result link (es, 360 px)");
  await shot(patient, "link-lab-result-es-360");

  // The button leads to the file: the PDF itself, inline, never cached.
  const href = await patient.getByTestId("open-document").getAttribute("href");
  expect(href).toBe(`${path}/file`);
  const file = await patient.request.get(href!);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect(file.headers()["content-disposition"]).toContain("inline");
  expect(file.headers()["cache-control"]).toContain("no-store");
  expect(file.headers()["x-content-type-options"]).toBe("nosniff");
  expect((await file.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // Staff see the open.
  await page.reload();
  await expect(page.getByTestId("document").first().getByTestId("link-state")).toHaveText("Abierto 1 vez");

  // A link shared eight days ago (seeded before the server started) has expired: 410 Gone, with the
  // clinic's name and phone, in the patient's language. Its file sends the patient back to that page.
  const expiredPath = `/l/${seeded().expiredLabResultToken}`;
  expect((await patient.goto(expiredPath))?.status()).toBe(410);
  await expect(patient.getByRole("heading", { level: 1, name: "Este enlace ya venció" })).toBeVisible();
  await expect(patient.getByRole("link", { name: "Llamar a Clínica Luna: +52 55 5555 0100" })).toHaveAttribute("href", "tel:+525555550100");
  await expectNoSeriousViolations(patient, "expired link (es, 360 px)");
  await shot(patient, "link-expired-es-360");
  const expiredFile = await patient.request.get(`${expiredPath}/file`, { maxRedirects: 0 });
  expect(expiredFile.status()).toBe(303);
  expect(expiredFile.headers()["location"]).toBe(`${E2E_PUBLIC_BASE_URL}${expiredPath}`);

  // Revoked (confirmation dialog): at once the patient's link answers 410 and says the clinic withdrew it.
  await page.getByTestId("document").first().getByRole("button", { name: "Revocar enlace" }).click();
  const dialog = page.getByRole("dialog", { name: "¿Revocar el enlace?" });
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page, "revoke confirmation dialog");
  await shot(page, "documents-revoke-dialog-es");
  await dialog.getByRole("button", { name: "Sí, revocar" }).click();
  await expect(page.getByTestId("document").first().getByTestId("link-state")).toHaveText("Enlace revocado");
  expect((await patient.goto(path))?.status()).toBe(410);
  await expect(patient.getByRole("heading", { level: 1, name: "La clínica retiró este enlace" })).toBeVisible();
  await expect(patient.getByText("Clínica Luna retiró este enlace, así que ya no funciona.")).toBeVisible();
  await expect(patient.getByRole("link", { name: "Llamar a Clínica Luna: +52 55 5555 0100" })).toBeVisible();
  await shot(patient, "link-revoked-es-360");
  expect((await patient.request.get(`${path}/file`, { maxRedirects: 0 })).headers()["location"]).toBe(`${E2E_PUBLIC_BASE_URL}${path}`);
  await context.close();
});

test("an English-speaking patient reads the link in English; an unknown link says so in the browser's language", async ({
  page,
  browser,
}) => {
  await signIn(page, LUNA_ADMIN);
  await openChart(page, "Johnson", "Johnson, Sarah");
  const url = await uploadAndReadLink(page);
  await expect(page.getByTestId("document").first().getByTestId("document-message-text")).toHaveText(
    `Hi Sarah, your lab results from Clínica Luna are ready. View them here: ${url}. The link expires in 7 days.`,
  );

  await page.goto(page.url().replace("/es/", "/en/"));
  await expect(page.getByRole("heading", { level: 2, name: "Documents" })).toBeVisible();
  await expectNoSeriousViolations(page, "patient chart with documents (en)");
  await shot(page, "documents-staff-en");

  const { context, page: patient } = await phone(browser, "en-US");
  await patient.goto(new URL(url).pathname);
  await expect(patient.getByRole("heading", { level: 1, name: "Your lab results" })).toBeVisible();
  await expect(patient.locator("html")).toHaveAttribute("lang", "en");
  await expectNoSeriousViolations(patient, "lab result link (en, 360 px)");
  await shot(patient, "link-lab-result-en-360");

  // Withdrawn by the clinic, in English.
  await page.getByTestId("document").first().getByRole("button", { name: "Revoke link" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByTestId("document").first().getByTestId("link-state")).toHaveText("Link revoked");
  expect((await patient.goto(new URL(url).pathname))?.status()).toBe(410);
  await expect(patient.getByRole("heading", { level: 1, name: "The clinic withdrew this link" })).toBeVisible();
  await expect(patient.getByRole("link", { name: "Call Clínica Luna: +52 55 5555 0100" })).toBeVisible();
  await shot(patient, "link-revoked-en-360");

  const unknown = await patient.goto("/l/AAAAAAAAAAAAAAAAAAAAAA");
  expect(unknown?.status()).toBe(404);
  expect(unknown?.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  await expect(patient.getByRole("heading", { level: 1, name: "We couldn't find this link" })).toBeVisible();
  await expect(patient.getByText("Clínica Luna")).toHaveCount(0);
  await expectNoSeriousViolations(patient, "unknown link (en, 360 px)");
  await shot(patient, "link-not-found-en-360");
  await context.close();

  const spanish = await phone(browser, "es-MX");
  expect((await spanish.page.goto("/l/AAAAAAAAAAAAAAAAAAAAAA"))?.status()).toBe(404);
  await expect(spanish.page.getByRole("heading", { level: 1, name: "No encontramos este enlace" })).toBeVisible();
  await shot(spanish.page, "link-not-found-es-360");
  // A link cut in the middle of a percent-escape cannot be decoded: the same words, 404 (not a 500).
  expect((await spanish.page.goto("/l/%E0%A4%A"))?.status()).toBe(404);
  await expect(spanish.page.getByRole("heading", { level: 1, name: "No encontramos este enlace" })).toBeVisible();
  await spanish.context.close();
});
