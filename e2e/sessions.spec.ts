import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, LUNA_ADMIN, SOL_ADMIN, signIn, signInInNewContext, visible } from "./helpers";

// A demo account no other spec signs in with: its sessions are ended and its password changed here.
const ORTEGA = { email: "ortega@clinicasol.mx", name: "Dr. Ortega", clinic: "Clínica Sol" } as const;
const NEW_PASSWORD = "ortega-nueva-2026";

/** Whether a browser holding only `cookies` is let into the patients list (or sent to sign-in). */
async function opensPatients(
  browser: import("@playwright/test").Browser,
  cookies: Awaited<ReturnType<import("@playwright/test").BrowserContext["cookies"]>>,
) {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto("/es/patients");
  const inside = await page
    .getByRole("heading", { level: 1, name: "Pacientes" })
    .waitFor({ timeout: 10_000 })
    .then(() => true)
    .catch(() => false);
  const url = page.url();
  await context.close();
  return { inside, url };
}

test("signing out ends the session: a copy of the cookie taken before no longer opens /es/patients", async ({ page, browser, context }) => {
  await signIn(page, LUNA_ADMIN);
  const copied = await context.cookies();
  expect(copied.some((c) => c.name.includes("authjs.session-token"))).toBe(true);
  // While signed in, the copy works like the original (the test below would pass for nothing otherwise).
  expect((await opensPatients(browser, copied)).inside).toBe(true);

  await page.getByRole("button", { name: "Cerrar sesión" }).filter(visible).click();
  await expect(page).toHaveURL(/\/es\/sign-in$/);

  const after = await opensPatients(browser, copied);
  expect(after.inside).toBe(false);
  expect(after.url).toMatch(/\/es\/sign-in/);
  // A plain request with the copied cookie gets no patient data either.
  const cookieHeader = copied.map((c) => `${c.name}=${c.value}`).join("; ");
  const response = await page.request.get("/es/patients", { headers: { cookie: cookieHeader }, maxRedirects: 0 });
  expect(await response.text()).not.toContain("María Hernández");
});

test("an admin ends every session of a staff member in Settings → Security; that browser is sent to sign-in", async ({ browser }) => {
  const doctor = await signInInNewContext(browser, ORTEGA);
  const admin = await signInInNewContext(browser, SOL_ADMIN);
  await admin.page.goto("/es/settings/security");
  const row = admin.page.getByRole("row").filter({ hasText: ORTEGA.email });
  await expect(row.getByTestId("open-sessions")).toHaveText(/^[1-9]\d*$/);
  // Clinic Sol's admin sees only Clinic Sol's staff.
  await expect(admin.page.getByRole("row").filter({ hasText: LUNA_ADMIN.email })).toHaveCount(0);
  await row.getByRole("button", { name: `Cerrar todas las sesiones: ${ORTEGA.name}` }).click();
  await expect(admin.page.getByText("Sesiones cerradas: tendrá que volver a entrar.")).toBeVisible();
  await expect(row.getByTestId("open-sessions")).toHaveText("0");

  await doctor.page.goto("/es/patients");
  await expect(doctor.page).toHaveURL(/\/es\/sign-in/);
  await expect(doctor.page.getByRole("heading", { level: 1, name: "Inicia sesión en Luna" })).toBeVisible();
  // The admin's own session is untouched.
  await admin.page.goto("/es/patients");
  await expect(admin.page.getByRole("heading", { level: 1, name: "Pacientes" })).toBeVisible();
  await doctor.context.close();
  await admin.context.close();
});

test("changing one's password (localized errors first) ends the other sessions and keeps this one", async ({ browser }) => {
  const here = await signInInNewContext(browser, ORTEGA);
  const elsewhere = await signInInNewContext(browser, ORTEGA);
  const { page } = here;
  await page.goto("/es/settings");
  await page.getByRole("navigation", { name: "Secciones de ajustes" }).getByRole("link", { name: "Contraseña" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cambiar tu contraseña" })).toBeVisible();

  await page.getByLabel("Contraseña actual").fill("not-the-password");
  await page.getByLabel("Nueva contraseña").fill("corta");
  await page.getByRole("button", { name: "Cambiar contraseña" }).click();
  await expect(page.getByText("La nueva contraseña necesita al menos 10 caracteres.")).toBeVisible();

  await page.getByLabel("Contraseña actual").fill("not-the-password");
  await page.getByLabel("Nueva contraseña").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Cambiar contraseña" }).click();
  await expect(page.getByText("La contraseña actual no es correcta.")).toBeVisible();

  await page.getByLabel("Contraseña actual").fill(DEMO_PASSWORD);
  await page.getByLabel("Nueva contraseña").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Cambiar contraseña" }).click();
  await expect(page.getByText("Contraseña cambiada. Se cerró 1 sesión en otro navegador.")).toBeVisible();

  await elsewhere.page.goto("/es/patients");
  await expect(elsewhere.page).toHaveURL(/\/es\/sign-in/);
  await page.goto("/es/patients");
  await expect(page.getByRole("heading", { level: 1, name: "Pacientes" })).toBeVisible();

  // The new password signs in; the old one no longer does.
  await elsewhere.page.getByLabel("Correo electrónico").fill(ORTEGA.email);
  await elsewhere.page.getByLabel("Contraseña").fill(DEMO_PASSWORD);
  await elsewhere.page.getByRole("button", { name: "Entrar", exact: true }).click();
  await expect(elsewhere.page.getByRole("alert").filter({ hasText: "El correo o la contraseña no son correctos." })).toBeVisible();
  await elsewhere.page.getByLabel("Contraseña").fill(NEW_PASSWORD);
  await elsewhere.page.getByRole("button", { name: "Entrar", exact: true }).click();
  await expect(elsewhere.page.getByTestId("clinic-name").filter(visible)).toHaveText(ORTEGA.clinic);
  await here.context.close();
  await elsewhere.context.close();
});
