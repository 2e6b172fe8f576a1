import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, signIn, visible } from "./helpers";

// Its own staff member, so that switching the saved language does not change what the other specs see.
const RECEPTION = { email: "recepcion@clinicaluna.mx", clinic: "Clínica Luna" } as const;

test("switching to English translates the app and is remembered across reloads and sign-ins", async ({ page, browser }) => {
  await signIn(page, RECEPTION);
  const nav = page.getByRole("navigation", { name: "Navegación principal" });
  await expect(nav.getByRole("link", { name: "Pacientes" })).toBeVisible();

  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/en$/);
  const enNav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(enNav.getByRole("link", { name: "Patients" })).toBeVisible();
  await expect(enNav.getByRole("link", { name: "Home" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Español" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // The patients page, reached through the English navigation, is in English too.
  await enNav.getByRole("link", { name: "Patients" }).click();
  await expect(page).toHaveURL(/\/en\/patients$/);
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New patient" })).toBeVisible();

  // Reloading the bare root lands in English (the locale cookie).
  await page.goto("/");
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Patients" })).toBeVisible();

  // Signing out and in again keeps English.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/en\/sign-in$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Luna" })).toBeVisible();
  await page.getByLabel("Email").fill(RECEPTION.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.getByTestId("clinic-name").filter(visible)).toHaveText(RECEPTION.clinic);
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Patients" })).toBeVisible();

  // The choice is saved with the staff member, not only in this browser: a new browser without the
  // cookie that signs in on the Spanish page still lands in English.
  const other = await browser.newContext();
  try {
    const fresh = await other.newPage();
    await fresh.goto("/es/sign-in");
    await fresh.getByLabel("Correo electrónico").fill(RECEPTION.email);
    await fresh.getByLabel("Contraseña").fill(DEMO_PASSWORD);
    await fresh.getByRole("button", { name: "Entrar", exact: true }).click();
    await expect(fresh).toHaveURL(/\/en$/);
    await expect(fresh.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Patients" })).toBeVisible();
  } finally {
    await other.close();
  }

  // And back to Spanish.
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page).toHaveURL(/\/es$/);
  await expect(page.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "Pacientes" })).toBeVisible();
});

test("the English patients list (screenshot)", async ({ page }, testInfo) => {
  await signIn(page, { email: "garcia@clinicaluna.mx", clinic: "Clínica Luna" });
  await page.goto("/en/patients");
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Phone" })).toBeVisible();
  await expect(page.getByText(/^\d+ patients$/).filter(visible)).toBeVisible();
  await expect(page.getByRole("link", { name: "Next" })).toBeVisible();
  const shot = await page.screenshot({ fullPage: true });
  await testInfo.attach("patients-list-en", { body: shot, contentType: "image/png" });
  if (process.env.E2E_SCREENSHOTS_DIR)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS_DIR}/e2e-patients-list-en.png`, fullPage: true });
});
