import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, signInInNewContext, visible } from "./helpers";

const RECEPTION = { email: "recepcion@clinicaluna.mx", clinic: "Clínica Luna" } as const;
const DOCTOR = { email: "garcia@clinicaluna.mx", clinic: "Clínica Luna" } as const;
const shots = process.env.E2E_SCREENSHOTS_DIR;

async function expectNoSeriousViolations(page: Page, name: string, exclude?: string) {
  const builder = new AxeBuilder({ page });
  // The email preview is a sandboxed iframe (no scripts): axe cannot run inside it, only wait on it.
  if (exclude) builder.exclude(exclude);
  const results = await builder.withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`);
  expect(report, `serious/critical axe violations on ${name}`).toEqual([]);
}

/** Screenshots at the laptop and the tablet width, when asked for (E2E_SCREENSHOTS_DIR). */
async function screenshots(page: Page, name: string, options: { fullPage?: boolean } = { fullPage: true }) {
  if (!shots) return;
  for (const width of [1280, 820]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: options.fullPage });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test.describe("settings: account", () => {
  test("Settings opens on the clinic account; an admin saves, bad input gets a localized error and changes nothing", async ({ page }) => {
    await signIn(page, LUNA_ADMIN);
    await page.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "Ajustes" }).click();
    await expect(page).toHaveURL(/\/es\/settings$/);
    await expect(page.getByRole("heading", { level: 1, name: "Cuenta" })).toBeVisible();
    const subnav = page.getByRole("navigation", { name: "Secciones de ajustes" });
    await expect(subnav.getByRole("link", { name: "Cuenta" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByLabel("Nombre de la clínica")).toHaveValue("Clínica Luna");
    await expect(page.getByLabel("Zona horaria")).toHaveValue("America/Mexico_City");
    // Mexico's zones come first.
    await expect(page.getByLabel("Zona horaria").locator("option").first()).toHaveAttribute("value", "America/Mexico_City");
    await expect(page.getByTestId("providers")).toContainText("WhatsApp y SMS");
    await expect(page.getByTestId("providers")).toContainText("Simulado (outbox)");
    await expectNoSeriousViolations(page, "settings account");
    await screenshots(page, "settings-account-es");

    const url = page.getByLabel("Dirección base de las salas de video (opcional)");
    await url.fill("http://meet.example.com/luna");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expect(page.getByText("Debe ser una dirección segura que empiece con https://.")).toBeVisible();
    await expect(url).toHaveAttribute("aria-invalid", "true");
    await expect(url).toHaveValue("http://meet.example.com/luna");
    await page.reload();
    await expect(page.getByLabel("Dirección base de las salas de video (opcional)")).toHaveValue("");

    await page.getByLabel("Dirección base de las salas de video (opcional)").fill("https://meet.example.com/luna");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expect(page.getByText("Cambios guardados.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Dirección base de las salas de video (opcional)")).toHaveValue("https://meet.example.com/luna");

    // Put it back for the other specs.
    await page.getByLabel("Dirección base de las salas de video (opcional)").fill("");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expect(page.getByText("Cambios guardados.")).toBeVisible();
  });

  test("an admin changes the clinic's address, and the maps link follows it", async ({ page }) => {
    await signIn(page, LUNA_ADMIN);
    await page.goto("/es/settings");
    const address = page.getByLabel("Dirección de la clínica (opcional)");
    const seeded = "Av. Insurgentes Sur 1234, Col. Del Valle, 03100 Ciudad de México, CDMX";
    await expect(address).toHaveValue(seeded);
    const link = page.getByRole("link", { name: "Ver en el mapa" });
    await expect(link).toHaveAttribute("target", "_blank");
    expect(new URL((await link.getAttribute("href"))!).searchParams.get("query")).toBe(seeded);

    await address.fill("Calle Durango 200, Roma Norte, CDMX");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expect(page.getByText("Cambios guardados.")).toBeVisible();
    await page.reload();
    const moved = page.getByRole("link", { name: "Ver en el mapa" });
    await expect(moved).toHaveAttribute("href", "https://www.google.com/maps/search/?api=1&query=Calle+Durango+200%2C+Roma+Norte%2C+CDMX");

    // Cleared: no address, no link.
    await page.getByLabel("Dirección de la clínica (opcional)").fill("");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expect(page.getByText("Cambios guardados.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("link", { name: "Ver en el mapa" })).toHaveCount(0);

    // Put it back for the other specs.
    await page.getByLabel("Dirección de la clínica (opcional)").fill(seeded);
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expect(page.getByText("Cambios guardados.")).toBeVisible();
  });

  test("the account page in English", async ({ page }) => {
    await signIn(page, LUNA_ADMIN, { locale: "en" });
    await page.goto("/en/settings");
    await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
    await expect(page.getByLabel("Clinic name")).toHaveValue("Clínica Luna");
    await expect(page.getByTestId("providers")).toContainText("Simulated (outbox)");
    await expect(page.getByLabel("Clinic address (optional)")).toHaveValue(/^Av\. Insurgentes Sur 1234/);
    await expect(page.getByRole("link", { name: "Open in Maps" })).toHaveAttribute(
      "href",
      /^https:\/\/www\.google\.com\/maps\/search\/\?api=1&query=Av\./,
    );
    await screenshots(page, "settings-account-en");
  });
});

test.describe("settings: appointment reminders", () => {
  test("an admin turns SMS off for reminders and the grid keeps it after a reload", async ({ page }) => {
    await signIn(page, LUNA_ADMIN);
    await page.goto("/es/settings");
    await page
      .getByRole("navigation", { name: "Secciones de ajustes" })
      .getByRole("link", { name: /Recordatorios de citas/ })
      .click();
    await expect(page).toHaveURL(/\/es\/settings\/schedule\/reminders$/);
    await expect(page.getByRole("heading", { level: 1, name: "Recordatorios de citas" })).toBeVisible();
    await expect(page.getByTestId("channel-order")).toContainText("primer canal permitido que llegue al paciente");
    await expect(page.getByTestId("one-hour-status")).toContainText("Desactivado");

    // SMS on first (the demo leaves it off), then off: what was saved survives a reload each time.
    const sms = () => page.getByRole("switch", { name: "Recordatorio por SMS" });
    await expect(sms()).not.toBeChecked();
    await sms().click();
    await expect(page.getByText("Guardado.").filter(visible).first()).toBeVisible();
    await page.reload();
    await expect(sms()).toBeChecked();
    await sms().click();
    await expect(sms()).not.toBeChecked();
    await expect(page.getByText("Guardado.").filter(visible).first()).toBeVisible();
    await page.reload();
    await expect(sms()).not.toBeChecked();
    await expect(page.getByRole("switch", { name: "Recordatorio por WhatsApp" })).toBeChecked();

    // The intake form with a first visit's confirmation: off in the demo, on and kept, then off again.
    const intake = () => page.getByRole("switch", { name: "Enviar el formulario de ingreso con la confirmación de la primera cita" });
    await expect(intake()).not.toBeChecked();
    await intake().click();
    await expect(page.getByText("Preferencia guardada.").filter(visible).first()).toBeVisible();
    await page.reload();
    await expect(intake()).toBeChecked();
    await intake().click();
    await expect(page.getByText("Preferencia guardada.").filter(visible).first()).toBeVisible();
    await page.reload();
    await expect(intake()).not.toBeChecked();
    await expectNoSeriousViolations(page, "reminders grid");
    await screenshots(page, "settings-reminders-es");
  });

  test("the 1 h reminder says plainly whether it is on", async ({ page }) => {
    await signIn(page, LUNA_ADMIN, { locale: "en" });
    await page.goto("/en/settings/schedule/reminders");
    const status = page.getByTestId("one-hour-status");
    await expect(status).toContainText("Off");
    await page.getByRole("switch", { name: "1 h reminder (optional) by WhatsApp" }).click();
    await expect(status).toContainText("On");
    await page.reload();
    await expect(page.getByTestId("one-hour-status")).toContainText("On");
    await expect(page.getByRole("switch", { name: "1 h reminder (optional) by WhatsApp" })).toBeChecked();
    await screenshots(page, "settings-reminders-en");
    await page.getByRole("switch", { name: "1 h reminder (optional) by WhatsApp" }).click();
    await expect(page.getByTestId("one-hour-status")).toContainText("Off");
  });

  test("a doctor opens the WhatsApp preview: the sample patient's first name and the date in Spanish, with SMS and email beside it", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, DOCTOR);
    await page.goto("/es/settings/schedule/reminders");
    await page.getByTestId("row-booking_confirmation").getByRole("button", { name: "Ver plantilla de WhatsApp" }).click();
    const dialog = page.getByRole("dialog", { name: "Vista previa: Confirmación de cita" });
    await expect(dialog).toBeVisible();
    const whatsapp = dialog.getByTestId("whatsapp-preview");
    await expect(whatsapp).toContainText("Hola María, tu cita con el Dr. García en Clínica Luna quedó confirmada para el ");
    // The sample date, written in Spanish: a weekday and a month name in the clinic's zone.
    const sampleDate =
      /(lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre), 10:00 a\.m\./;
    await expect(whatsapp).toContainText(sampleDate);
    await expect(dialog.getByTestId("sample-data")).toContainText(sampleDate);
    // WhatsApp asks for the answer with buttons; the SMS says the same words and which digit to send.
    await expect(dialog.getByTestId("whatsapp-buttons").getByRole("listitem")).toHaveText(["Confirmo", "Cancelar cita"]);
    await expect(dialog.getByTestId("sms-preview")).toHaveText(
      `${(await whatsapp.textContent()) ?? ""} Responde 1 para confirmar o 2 para cancelar.`,
    );
    await expect(dialog.getByTestId("email-subject")).toContainText("Clínica Luna");
    const email = dialog.frameLocator("[data-testid=email-preview]");
    await expect(email.getByText(/Hola María, tu cita con el Dr. García/)).toBeVisible();
    await expect(dialog.getByTestId("email-preview")).toHaveAttribute("sandbox", "");
    await expectNoSeriousViolations(page, "preview dialog", "[data-testid=email-preview]");
    await screenshots(page, "settings-preview-es", { fullPage: false });

    // English and video: the same row, the other template.
    await dialog.getByText("Inglés").click();
    await dialog.getByText("Videoconsulta").click();
    await expect(whatsapp).toContainText("Hi Maria, your video visit with Dr. García from Clínica Luna is confirmed for ");
    await expect(whatsapp).toContainText("https://");

    // Escape closes it and gives the focus back to the button that opened it.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("row-booking_confirmation").getByRole("button", { name: "Ver plantilla de WhatsApp" })).toBeFocused();

    // The reminder says "mañana" as it will the day before the visit.
    await page.getByTestId("row-reminder").getByRole("button", { name: "Ver plantilla de WhatsApp" }).click();
    await expect(page.getByRole("dialog").getByTestId("whatsapp-preview")).toContainText(
      "Hola María, te recordamos tu cita con el Dr. García para mañana a las 10:00 a.m.",
    );
  });

  test("in English the preview opens on the Spanish template, and switches to English", async ({ page }) => {
    await signIn(page, LUNA_ADMIN, { locale: "en" });
    await page.goto("/en/settings/schedule/reminders");
    await page.getByTestId("row-reminder").getByRole("button", { name: "View WhatsApp template" }).click();
    const dialog = page.getByRole("dialog", { name: "Preview: Reminder" });
    await expect(dialog.getByTestId("whatsapp-preview")).toContainText("Hola María");
    await dialog.getByText("English", { exact: true }).click();
    await expect(dialog.getByTestId("whatsapp-preview")).toContainText(
      "Hi Maria, just a reminder about your appointment tomorrow at 10:00 AM with Dr. García.",
    );
    await expect(dialog.getByTestId("sms-preview")).toContainText("Hi Maria");
    await expect(dialog.getByTestId("sms-preview")).toContainText("Reply 1 to confirm or 2 to cancel.");
    await expect(dialog.getByTestId("whatsapp-buttons").getByRole("listitem")).toHaveText(["Confirm", "Cancel visit"]);
    await screenshots(page, "settings-preview-en", { fullPage: false });
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
  });
});

test("front-desk staff see settings read-only, in Spanish and in English", async ({ browser }) => {
  const { context, page } = await signInInNewContext(browser, RECEPTION);
  for (const [locale, text] of [
    [
      "es",
      {
        account: "Solo la administración de la clínica puede cambiar estos datos.",
        grid: "Solo la administración de la clínica puede cambiar estos ajustes.",
        name: "Nombre de la clínica",
        address: "Dirección de la clínica (opcional)",
        map: "Ver en el mapa",
        sw: "Recordatorio por WhatsApp",
        save: "Guardar cambios",
      },
    ],
    [
      "en",
      {
        account: "Only the clinic's administrators can change these details.",
        grid: "Only the clinic's administrators can change these settings.",
        name: "Clinic name",
        address: "Clinic address (optional)",
        map: "Open in Maps",
        sw: "Reminder by WhatsApp",
        save: "Save changes",
      },
    ],
  ] as const) {
    await page.goto(`/${locale}/settings`);
    await expect(page.getByText(text.account)).toBeVisible();
    await expect(page.getByLabel(text.name)).toBeDisabled();
    await expect(page.getByLabel(text.address)).toBeDisabled();
    await expect(page.getByRole("link", { name: text.map })).toBeVisible();
    await expect(page.getByRole("button", { name: text.save })).toHaveCount(0);
    await page.goto(`/${locale}/settings/schedule/reminders`);
    await expect(page.getByText(text.grid)).toBeVisible();
    await expect(page.getByRole("switch", { name: text.sw })).toBeDisabled();
    await expect(page.getByRole("combobox")).toBeDisabled();
    if (locale === "es") await screenshots(page, "settings-reminders-readonly-es");
  }
  await context.close();
});

test("the old reminders address lands on the grid", async ({ page }) => {
  await signIn(page, LUNA_ADMIN);
  await page.goto("/es/settings/reminders");
  await expect(page).toHaveURL(/\/es\/settings\/schedule\/reminders$/);
});
