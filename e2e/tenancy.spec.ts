import { expect, test } from "./fixtures";
import { LUNA_ADMIN, SOL_ADMIN, openPatients, signIn, signInInNewContext, uniqueTag, unusedMexicoCityNumber, visible } from "./helpers";

test("a patient of Clínica Luna is invisible to Clínica Sol, even by its URL", async ({ page, browser }) => {
  // As Clínica Luna: create a patient and note its page.
  await signIn(page, LUNA_ADMIN);
  const lastName = `Confidencial ${uniqueTag()}`;
  const phone = unusedMexicoCityNumber();
  await page.goto("/es/patients/new");
  await page.getByLabel("Nombre", { exact: true }).fill("Olga");
  await page.getByLabel("Apellidos").fill(lastName);
  await page.getByLabel("Teléfono celular").fill(phone.typed);
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Olga ${lastName}` })).toBeVisible();
  const patientUrl = new URL(page.url());
  patientUrl.search = "";
  expect(patientUrl.pathname).toMatch(/^\/es\/patients\/[0-9a-f-]{36}$/);

  // A Clínica Luna patient that already existed: the seeded María Hernández.
  await openPatients(page, "es", "Hernández Ruiz");
  await page.getByRole("link", { name: "Hernández Ruiz, María" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "María Hernández Ruiz" })).toBeVisible();
  const seededUrl = new URL(page.url());

  // As Clínica Sol, in another browser context (its own cookies).
  const sol = await signInInNewContext(browser, SOL_ADMIN);
  try {
    for (const [url, name] of [
      [patientUrl, `Olga ${lastName}`],
      [seededUrl, "María Hernández Ruiz"],
    ] as const) {
      const response = await sol.page.goto(url.pathname);
      await expect(sol.page.getByRole("heading", { level: 1, name: "No encontramos esta página" })).toBeVisible();
      expect(response?.status(), `HTTP status of ${url.pathname} for another clinic`).toBe(404);
      await expect(sol.page.getByText(name)).toHaveCount(0);
      await expect(sol.page.getByRole("textbox")).toHaveCount(0);
    }

    // Nor in Clínica Sol's list: not by name, not by phone, not on the full list.
    await openPatients(sol.page, "es", lastName);
    await expect(sol.page.getByText(`Ningún paciente coincide con «${lastName}».`)).toBeVisible();
    await openPatients(sol.page, "es", phone.digits);
    await expect(sol.page.getByText(`Ningún paciente coincide con «${phone.digits}».`)).toBeVisible();
    await openPatients(sol.page);
    await expect(sol.page.getByTestId("clinic-name").filter(visible)).toHaveText("Clínica Sol");
    await expect(sol.page.getByRole("link", { name: "Fuentes Vega, Lucía" })).toBeVisible();
    await expect(sol.page.getByText(lastName)).toHaveCount(0);
    await expect(sol.page.getByText("Hernández Ruiz")).toHaveCount(0);
  } finally {
    await sol.context.close();
  }

  // Clínica Luna still sees its patient.
  await page.goto(patientUrl.pathname);
  await expect(page.getByRole("heading", { level: 1, name: `Olga ${lastName}` })).toBeVisible();
  await expect(page.getByText(phone.display, { exact: true }).filter(visible)).toBeVisible();
});
