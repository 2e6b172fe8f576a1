import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, visible } from "./helpers";

const LUNA_DOCTOR = { email: "garcia@clinicaluna.mx", clinic: "Clínica Luna" } as const;
const shots = process.env.E2E_SCREENSHOTS_DIR;
const PHONE = { width: 360, height: 740 } as const;

async function expectNoSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`);
  expect(serious, `serious/critical axe violations on ${name}`).toEqual([]);
}

/** Opens a patient's chart from the list (demo patients: lib/demo/seed.ts). */
async function openChart(page: Page, query: string, name: string) {
  await page.goto(`/es/patients?q=${encodeURIComponent(query)}`);
  await page.getByRole("link", { name }).filter(visible).click();
  await expect(page.getByRole("heading", { level: 1 }).filter(visible)).toBeVisible();
}

/**
 * The patient link of the newest message of `type` to the patient, as staff read it in the message log
 * (the message was sent to the outbox at once by the embedded scheduler).
 */
async function linkFromMessageLog(page: Page, params: { type: string; patient: string }) {
  await page.goto(`/es/messages?view=all&type=${params.type}&patient=${encodeURIComponent(params.patient)}`);
  const open = page
    .getByRole("link", { name: /Ver detalle del mensaje/ })
    .filter(visible)
    .first();
  await expect(open).toBeVisible();
  await open.click();
  const content = page.getByTestId("delivery-content").filter(visible);
  await expect(content).toContainText("/l/");
  const text = (await content.textContent()) ?? "";
  const url = /https?:\/\/\S+\/l\/[A-Za-z0-9_-]{22}/.exec(text)?.[0];
  expect(url, text).toBeTruthy();
  return { text, path: new URL(url!).pathname };
}

async function phonePage(browser: Browser) {
  const context = await browser.newContext({
    viewport: PHONE,
    locale: "es-MX",
    timezoneId: "America/Mexico_City",
    isMobile: true,
    hasTouch: true,
  });
  return { context, page: await context.newPage() };
}

test.describe("intake forms", () => {
  test("a patient fills the intake form in Spanish at 360 px, reopens the link and edits an answer; staff see it in the chart", async ({
    page,
    browser,
  }) => {
    await signIn(page, LUNA_ADMIN);
    await openChart(page, "Morales", "Morales Ortiz, Ximena");
    const section = page.getByTestId("intake-forms-section").filter(visible);
    await section.getByRole("button", { name: "Enviar formulario" }).click();
    await expect(page.getByText("Formulario enviado; el enlace va en camino al paciente.")).toBeVisible();
    await expect(section.getByTestId("intake-form").first()).toHaveAttribute("data-status", "sent");

    const message = await linkFromMessageLog(page, { type: "intake_form", patient: "Ximena" });
    expect(message.text).toContain("Hola Ximena, en Clínica Luna te pedimos llenar un breve formulario.");
    expect(message.text).toContain("El enlace vence en 7 días.");

    const patient = await phonePage(browser);
    const p = patient.page;
    await p.goto(message.path);
    await expect(p.getByRole("heading", { level: 1, name: "Formulario de ingreso" })).toBeVisible();
    await expect(p.getByText("Hola Ximena, Clínica Luna te pide llenar estos datos")).toBeVisible();
    await expectNoSeriousViolations(p, "intake form (es, 360 px)");
    if (shots) await p.screenshot({ path: `${shots}/forms-intake-es-360.png`, fullPage: true });

    // Errors in Spanish under each field; what was typed stays.
    await p.getByLabel("Alergias").fill("Penicilina");
    await p.getByLabel("Teléfono").fill("123");
    await p.getByRole("button", { name: "Enviar respuestas" }).click();
    await expect(p.getByRole("alert").filter({ hasText: "Revisa los campos marcados." })).toBeVisible();
    await expect(p.getByText("Este dato es obligatorio.").first()).toBeVisible();
    await expect(p.getByText("Escribe un teléfono válido de 10 dígitos.")).toBeVisible();
    await expect(p.getByText("Para enviar el formulario necesitamos tu autorización.")).toBeVisible();
    await expect(p.getByLabel("Alergias")).toHaveValue("Penicilina");
    await expect(p.getByLabel("Teléfono")).toHaveAttribute("aria-invalid", "true");
    await expectNoSeriousViolations(p, "intake form with errors (es, 360 px)");
    if (shots) await p.screenshot({ path: `${shots}/forms-intake-es-360-errors.png`, fullPage: true });

    await p.getByLabel("Fecha de nacimiento").fill("1990-05-14");
    await p.getByLabel("Enfermedades o padecimientos").fill("Asma");
    await p.getByLabel("Nombre").fill("Rosa Ortiz");
    await p.getByLabel("Teléfono").fill("55 8765 4321");
    await p.getByLabel(/Acepto que Clínica Luna guarde/).check();
    await p.getByRole("button", { name: "Enviar respuestas" }).click();
    await expect(p.getByText("¡Gracias! Tus respuestas quedaron guardadas.")).toBeVisible();
    // The page must not scroll sideways at 360 px.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Back through the same link: the answers are there, and one changes.
    await p.goto(message.path);
    await expect(p.getByText(/ya recibimos tus respuestas/)).toBeVisible();
    await expect(p.getByLabel("Alergias")).toHaveValue("Penicilina");
    await expect(p.getByLabel("Teléfono")).toHaveValue("+52 55 8765 4321");
    await p.getByLabel("Alergias").fill("Penicilina y nueces");
    await p.getByRole("button", { name: "Guardar cambios" }).click();
    await expect(p.getByText("Tus cambios quedaron guardados.")).toBeVisible();
    if (shots) await p.screenshot({ path: `${shots}/forms-intake-es-360-edited.png`, fullPage: true });
    await patient.context.close();

    // Staff: completed in the chart, and the new answer behind "Ver respuestas".
    await openChart(page, "Morales", "Morales Ortiz, Ximena");
    const row = page.getByTestId("intake-forms-section").filter(visible).getByTestId("intake-form").first();
    await expect(row).toHaveAttribute("data-status", "completed");
    await expect(row).toContainText("Completado");
    await expect(row).toContainText("Respondido el");
    await expect(row).toContainText("Actualizado el");
    if (shots)
      await page
        .getByTestId("intake-forms-section")
        .filter(visible)
        .screenshot({ path: `${shots}/forms-staff-intake-section-es.png` });
    await row.getByRole("link", { name: "Ver respuestas" }).click();
    const answers = page.getByTestId("form-answers").filter(visible);
    await expect(answers).toContainText("Penicilina y nueces");
    await expect(answers).toContainText("Asma");
    await expect(answers).toContainText("Rosa Ortiz");
    await expect(answers).toContainText("14 de mayo de 1990");
    if (shots) await page.screenshot({ path: `${shots}/forms-staff-answers-es.png`, fullPage: true });
  });

  test("an English-speaking patient gets the form in English", async ({ page, browser }) => {
    await signIn(page, LUNA_ADMIN);
    await openChart(page, "Brown", "Brown, Michael");
    await page.getByTestId("intake-forms-section").filter(visible).getByRole("button", { name: "Enviar formulario" }).click();
    await expect(page.getByText("Formulario enviado; el enlace va en camino al paciente.")).toBeVisible();
    const message = await linkFromMessageLog(page, { type: "intake_form", patient: "Michael" });
    expect(message.text).toContain("Hi Michael, the team at Clínica Luna asks you to fill in a short form.");
    const patient = await phonePage(browser);
    await patient.page.goto(message.path);
    await expect(patient.page.getByRole("heading", { level: 1, name: "Intake form" })).toBeVisible();
    await patient.page.getByRole("button", { name: "Send answers" }).click();
    await expect(patient.page.getByText("We need your consent to send the form.")).toBeVisible();
    await expectNoSeriousViolations(patient.page, "intake form (en, 360 px)");
    if (shots) await patient.page.screenshot({ path: `${shots}/forms-intake-en-360-errors.png`, fullPage: true });
    await patient.context.close();
  });
});

test.describe("prescriptions and care instructions", () => {
  test("a doctor writes a prescription; the message names no medication and its link serves the PDF", async ({ page, browser }) => {
    await signIn(page, LUNA_DOCTOR);
    await openChart(page, "Castillo", "Castillo Vargas, Luis");
    const section = page.getByTestId("prescriptions-section").filter(visible);
    await section.getByText("Escribir una receta").click();
    // A missing dose is refused in Spanish, nothing is saved, and the row keeps what was typed.
    await section.getByLabel("Medicamento 1", { exact: true }).fill("Amoxicilina 500 mg");
    await section.getByRole("button", { name: "Generar y enviar receta" }).click();
    await expect(section.getByText("Revisa los campos marcados.")).toBeVisible();
    await expect(section.getByText("Este campo es obligatorio.").first()).toBeVisible();
    await expect(section.getByLabel("Medicamento 1", { exact: true })).toHaveValue("Amoxicilina 500 mg");
    await expect(section.getByText("Aún no hay recetas de este paciente.")).toBeVisible();

    await section.getByLabel("Dosis 1").fill("1 cápsula");
    await section.getByLabel("Frecuencia 1").fill("cada 8 horas");
    await section.getByLabel("Duración 1").fill("7 días");
    await section.getByRole("button", { name: "Agregar medicamento" }).click();
    await section.getByLabel("Medicamento 2", { exact: true }).fill("Paracetamol 500 mg");
    await section.getByLabel("Dosis 2").fill("1 tableta");
    await section.getByLabel("Frecuencia 2").fill("cada 6 horas si hay dolor");
    await section.getByLabel("Duración 2").fill("3 días");
    await section.getByRole("textbox", { name: "Indicaciones", exact: true }).fill("Tomar con alimentos.");
    if (shots) await section.screenshot({ path: `${shots}/forms-staff-prescription-form-es.png` });
    await section.getByRole("button", { name: "Generar y enviar receta" }).click();
    await expect(page.getByText("Receta generada; el enlace va en camino al paciente.")).toBeVisible();
    await expect(section.getByTestId("prescription").first()).toContainText("Dr. García");
    await expect(section.getByTestId("prescription").first()).toContainText("2 medicamentos");

    const message = await linkFromMessageLog(page, { type: "prescription_ready", patient: "Luis" });
    expect(message.text).toContain("Hola Luis, aquí está la receta que te dio el Dr. García. Descárgala aquí:");
    expect(message.text).toContain("El enlace vence en 7 días.");
    expect(message.text.toLowerCase()).not.toMatch(/amoxicilina|paracetamol|cápsula|tableta|alimentos/);

    const patient = await phonePage(browser);
    await patient.page.goto(message.path);
    await expect(patient.page.getByRole("heading", { level: 1, name: "Tu receta" })).toBeVisible();
    if (shots) await patient.page.screenshot({ path: `${shots}/forms-prescription-link-es-360.png`, fullPage: true });
    const pdf = await patient.page.request.get(`${message.path}/file`, { maxRedirects: 0 });
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await patient.context.close();
  });

  test("a doctor writes care instructions; the patient reads them on the link page", async ({ page, browser }) => {
    await signIn(page, LUNA_DOCTOR);
    await openChart(page, "Guerrero", "Guerrero Rojas, Sofía");
    const section = page.getByTestId("care-instructions-section").filter(visible);
    await section.getByText("Escribir indicaciones").click();
    await section.getByRole("button", { name: "Enviar indicaciones" }).click();
    await expect(section.getByText("Escribe las indicaciones.")).toBeVisible();
    await section
      .getByRole("textbox", { name: "Indicaciones", exact: true })
      .fill("Reposo relativo tres días.\nAplica compresas frías en la rodilla dos veces al día.");
    await section.getByRole("button", { name: "Enviar indicaciones" }).click();
    await expect(page.getByText("Indicaciones enviadas; el enlace va en camino al paciente.")).toBeVisible();
    if (shots) await section.screenshot({ path: `${shots}/forms-staff-care-section-es.png` });

    const message = await linkFromMessageLog(page, { type: "care_instructions_ready", patient: "Sofía" });
    expect(message.text).toContain("Hola Sofía, están listas las indicaciones que te dejó el Dr. García.");
    expect(message.text.toLowerCase()).not.toMatch(/reposo|rodilla|compresas/);

    const patient = await phonePage(browser);
    await patient.page.goto(message.path);
    await expect(patient.page.getByRole("heading", { level: 1, name: "Tus indicaciones" })).toBeVisible();
    await expect(patient.page.getByTestId("care-instructions")).toContainText("Aplica compresas frías en la rodilla");
    await expectNoSeriousViolations(patient.page, "care instructions (es, 360 px)");
    if (shots) await patient.page.screenshot({ path: `${shots}/forms-care-plan-es-360.png`, fullPage: true });
    await patient.context.close();
  });
});
