import { expect, test } from "./fixtures";
import { expectNoSeriousViolations } from "./axe";
import { LUNA_ADMIN, signIn } from "./helpers";

test.describe("accessibility (axe)", () => {
  test("sign-in page", async ({ page }) => {
    await page.goto("/es/sign-in");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "sign-in");
    if (process.env.E2E_SCREENSHOTS_DIR)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS_DIR}/e2e-sign-in-es.png`, fullPage: true });
  });

  test("sign-in page with an error", async ({ page }) => {
    await page.goto("/es/sign-in");
    await page.getByLabel("Correo electrónico").fill(LUNA_ADMIN.email);
    await page.getByLabel("Contraseña").fill("wrong");
    await page.getByRole("button", { name: "Entrar", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "El correo o la contraseña no son correctos." })).toBeVisible();
    await expectNoSeriousViolations(page, "sign-in with error");
  });

  test.describe("signed in", () => {
    test.beforeEach(async ({ page }) => {
      await signIn(page, LUNA_ADMIN);
    });

    test("home", async ({ page }) => {
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, "home");
    });

    test("patients list", async ({ page }) => {
      await page.goto("/es/patients");
      await expect(page.getByRole("table")).toBeVisible();
      await expectNoSeriousViolations(page, "patients list");
    });

    test("new patient form, empty and with errors", async ({ page }) => {
      await page.goto("/es/patients/new");
      await expect(page.getByLabel("Teléfono celular")).toBeVisible();
      await expectNoSeriousViolations(page, "new patient form");

      await page.getByLabel("Teléfono celular").fill("12345");
      await page.getByRole("button", { name: "Guardar" }).click();
      await expect(page.getByLabel("Teléfono celular")).toHaveAttribute("aria-invalid", "true");
      await expectNoSeriousViolations(page, "new patient form with errors");
    });

    test("patient edit page", async ({ page }) => {
      await page.goto("/es/patients?q=Johnson");
      await page.getByRole("link", { name: "Johnson, Sarah" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Sarah Johnson" })).toBeVisible();
      await expectNoSeriousViolations(page, "patient edit page");
    });

    test("English patients list", async ({ page }) => {
      await page.goto("/en/patients");
      await expect(page.getByRole("table")).toBeVisible();
      await expectNoSeriousViolations(page, "patients list (en)");
    });
  });
});
