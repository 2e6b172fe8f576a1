import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, LUNA_ADMIN, visible } from "./helpers";

test.describe("sign-in", () => {
  test("a wrong password shows the localized error and keeps the email; the right one opens the clinic", async ({ page }) => {
    await page.goto("/es/sign-in");
    await expect(page).toHaveTitle(/Entrar/);
    await expect(page.getByRole("heading", { level: 1, name: "Inicia sesión en Luna" })).toBeVisible();

    const email = page.getByLabel("Correo electrónico");
    const password = page.getByLabel("Contraseña");
    await email.fill(LUNA_ADMIN.email);
    await password.fill("not-the-password");
    await page.getByRole("button", { name: "Entrar", exact: true }).click();

    // (Next.js adds an empty role="alert" route announcer of its own: match the form's alert by its text.)
    await expect(page.getByRole("alert").filter({ hasText: "El correo o la contraseña no son correctos." })).toBeVisible();
    await expect(email).toHaveValue(LUNA_ADMIN.email);
    await expect(page).toHaveURL(/\/es\/sign-in$/);

    await password.fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Entrar", exact: true }).click();

    await expect(page).toHaveURL(/\/es$/);
    await expect(page.getByTestId("clinic-name").filter(visible)).toHaveText("Clínica Luna");
    await expect(page.getByRole("heading", { level: 1, name: `Hola, ${LUNA_ADMIN.name}` })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "Pacientes" })).toBeVisible();
  });

  test("an empty form asks for the email and the password", async ({ page }) => {
    await page.goto("/es/sign-in");
    await page.getByRole("button", { name: "Entrar", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Escribe tu correo y tu contraseña." })).toBeVisible();
    await expect(page).toHaveURL(/\/es\/sign-in$/);
  });

  test("visiting the patients list without a session goes to sign-in, and back there after signing in", async ({ page }) => {
    await page.goto("/es/patients");
    await expect(page).toHaveURL(/\/es\/sign-in\?callbackUrl=%2Fes%2Fpatients$/);
    await expect(page.getByRole("heading", { level: 1, name: "Inicia sesión en Luna" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Pacientes" })).toHaveCount(0);

    await page.getByLabel("Correo electrónico").fill(LUNA_ADMIN.email);
    await page.getByLabel("Contraseña").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Entrar", exact: true }).click();
    await expect(page).toHaveURL(/\/es\/patients$/);
    await expect(page.getByRole("heading", { level: 1, name: "Pacientes" })).toBeVisible();
  });

  test("a plain request without a session gets a redirect, not the page", async ({ request }) => {
    const response = await request.get("/es/patients", { maxRedirects: 0 });
    expect(response.status()).toBeGreaterThanOrEqual(300);
    expect(response.status()).toBeLessThan(400);
    expect(response.headers().location).toContain("/es/sign-in");
  });
});
