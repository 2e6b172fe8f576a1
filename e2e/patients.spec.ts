import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, openPatients, patientTotal, signIn, uniqueTag, visible } from "./helpers";

async function search(page: Page, query: string) {
  const box = page.getByRole("searchbox", { name: "Buscar por nombre o teléfono" });
  await box.fill(query);
  await page.getByRole("search").getByRole("button", { name: "Buscar" }).click();
  await page.waitForURL((url) => url.pathname === "/es/patients" && url.searchParams.get("q") === query);
}

test.describe("patients", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, LUNA_ADMIN);
  });

  test("a patient without a phone is saved with an email and reached by email; with neither, a clear error and nothing saved", async ({
    page,
  }) => {
    const lastName = `Correo ${uniqueTag()}`;
    await page.goto("/es/patients/new");
    await page.getByLabel("Nombre", { exact: true }).fill("Inés");
    await page.getByLabel("Apellidos").fill(lastName);
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page.getByText("Escribe un teléfono o un correo: sin ninguno de los dos no hay cómo enviarle mensajes.")).toBeVisible();
    await expect(page).toHaveURL(/\/es\/patients\/new$/);

    await page.getByLabel("Correo electrónico (opcional)").fill("ines.correo@example.com");
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page).toHaveURL(/\/es\/patients\/[0-9a-f-]{36}\?saved=created$/);
    const profile = page.getByRole("region", { name: "Perfil y preferencias" });
    await expect(profile.getByText("Sin teléfono (recibe los mensajes por correo)")).toBeVisible();
    await expect(profile.getByTestId("channel-whatsapp")).toContainText("Sin teléfono");
    await expect(profile.getByTestId("channel-sms")).toContainText("Sin teléfono");
    await expect(profile.getByTestId("channel-email")).toContainText("Puede recibir");
  });

  test("a Mexican number typed the local way is saved in international format and found by name and by digits", async ({ page }) => {
    const lastName = `Prueba ${uniqueTag()}`;
    await openPatients(page);
    const before = await patientTotal(page);

    await page.getByRole("link", { name: "Nuevo paciente" }).click();
    await expect(page).toHaveURL(/\/es\/patients\/new$/);
    await page.getByLabel("Nombre", { exact: true }).fill("Ramona");
    await page.getByLabel("Apellidos").fill(lastName);
    await page.getByLabel("Teléfono celular").fill("55 8765 4321");
    await page.getByLabel("Correo electrónico (opcional)").fill("ramona.prueba@example.com");
    await page.getByLabel("Idioma de los mensajes").selectOption({ label: "Inglés" });
    await page.getByRole("checkbox", { name: "SMS" }).check();
    await page.getByRole("button", { name: "Guardar" }).click();

    await expect(page).toHaveURL(/\/es\/patients\/[0-9a-f-]{36}\?saved=created$/);
    await expect(page.getByRole("heading", { level: 1, name: `Ramona ${lastName}` })).toBeVisible();
    await expect(page.getByText("+52 55 8765 4321", { exact: true }).filter(visible)).toBeVisible();
    await expect(page.getByText("Paciente creado.").filter(visible)).toBeVisible();
    // The edit form shows what was saved.
    await expect(page.getByLabel("Teléfono celular")).toHaveValue(/^\+52 ?55 ?8765 ?4321$/);
    await expect(page.getByLabel("Idioma de los mensajes")).toHaveValue("en");
    await expect(page.getByRole("checkbox", { name: "SMS" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "WhatsApp" })).not.toBeChecked();

    await openPatients(page);
    expect(await patientTotal(page)).toBe(before + 1);

    // By last name (lower case, part of it).
    await search(page, lastName.toLowerCase());
    const row = page.getByRole("row").filter({ hasText: lastName });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("link", { name: `${lastName}, Ramona` })).toBeVisible();
    await expect(row.getByRole("cell", { name: "+52 55 8765 4321" })).toBeVisible();
    await expect(row.getByRole("cell", { name: "Inglés" })).toBeVisible();

    // By phone digits, typed with spaces as staff would.
    await search(page, "8765 4321");
    await expect(page.getByRole("link", { name: `${lastName}, Ramona` })).toBeVisible();
    await expect(page.getByText(/^1 paciente$/).filter(visible)).toBeVisible();

    // The row opens the patient; saving the edit form as shown (phone pre-filled) keeps the number.
    await page.getByRole("link", { name: `${lastName}, Ramona` }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Ramona ${lastName}` })).toBeVisible();
    await page.getByLabel("Nombre", { exact: true }).fill("Ramona Isabel");
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page).toHaveURL(/\?saved=updated$/);
    await expect(page.getByRole("heading", { level: 1, name: `Ramona Isabel ${lastName}` })).toBeVisible();
    await expect(page.getByText("Cambios guardados.").filter(visible)).toBeVisible();
    await expect(page.getByText("+52 55 8765 4321", { exact: true }).filter(visible)).toBeVisible();
    await openPatients(page);
    expect(await patientTotal(page)).toBe(before + 1);
  });

  test("an invalid phone gets a localized field error and nothing is saved", async ({ page }) => {
    const lastName = `Invalido ${uniqueTag()}`;
    await openPatients(page);
    const before = await patientTotal(page);

    await page.goto("/es/patients/new");
    await page.getByLabel("Nombre", { exact: true }).fill("Teodoro");
    await page.getByLabel("Apellidos").fill(lastName);
    await page.getByLabel("Teléfono celular").fill("12345");
    await page.getByRole("button", { name: "Guardar" }).click();

    const phone = page.getByLabel("Teléfono celular");
    await expect(page.getByText("No es un número válido. Escribe los 10 dígitos, por ejemplo 55 1234 5678.")).toBeVisible();
    await expect(phone).toHaveAttribute("aria-invalid", "true");
    await expect(phone).toHaveAccessibleDescription("No es un número válido. Escribe los 10 dígitos, por ejemplo 55 1234 5678.");
    await expect(page.getByText("Revisa los campos marcados.")).toBeVisible();
    // What was typed is still there to correct.
    await expect(phone).toHaveValue("12345");
    await expect(page.getByLabel("Apellidos")).toHaveValue(lastName);
    await expect(page).toHaveURL(/\/es\/patients\/new$/);

    await openPatients(page);
    expect(await patientTotal(page)).toBe(before);
    await search(page, lastName);
    await expect(page.getByText(`Ningún paciente coincide con «${lastName}».`)).toBeVisible();
  });

  test("a phone another patient has is refused, naming and linking that patient (es)", async ({ page }) => {
    await openPatients(page);
    const before = await patientTotal(page);
    await page.goto("/es/patients/new");
    await page.getByLabel("Nombre", { exact: true }).fill("Mariana");
    await page.getByLabel("Apellidos").fill(`Duplicada ${uniqueTag()}`);
    // María Hernández Ruiz's number in the demo clinic, typed the local way.
    await page.getByLabel("Teléfono celular").fill("55 1234 5678");
    await page.getByRole("button", { name: "Guardar" }).click();
    const said = "Este teléfono ya es de María (•••• 5678), paciente de esta clínica.";
    await expect(page.getByText(said)).toBeVisible();
    await expect(page.getByLabel("Teléfono celular")).toHaveAccessibleDescription(said);
    await expect(page).toHaveURL(/\/es\/patients\/new$/);
    await page.getByRole("link", { name: "Abrir el expediente de María" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "María Hernández Ruiz" })).toBeVisible();
    await openPatients(page);
    expect(await patientTotal(page)).toBe(before);
  });

  test("a required name is reported on its field", async ({ page }) => {
    await page.goto("/es/patients/new");
    await page.getByLabel("Teléfono celular").fill("55 8765 0000");
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page.getByLabel("Nombre", { exact: true })).toHaveAccessibleDescription("Este campo es obligatorio.");
    await expect(page.getByLabel("Apellidos")).toHaveAccessibleDescription("Este campo es obligatorio.");
    await expect(page).toHaveURL(/\/es\/patients\/new$/);
  });
});

test("a phone another patient has is refused, naming and linking that patient (en)", async ({ page }) => {
  await signIn(page, LUNA_ADMIN, { locale: "en" });
  await page.goto("/en/patients/new");
  await page.getByLabel("First name").fill("Mariana");
  await page.getByLabel("Last name").fill(`Duplicate ${uniqueTag()}`);
  await page.getByLabel("Mobile phone").fill("+52 55 1234 5678");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("This phone already belongs to María (•••• 5678), a patient of this clinic.")).toBeVisible();
  await page.getByRole("link", { name: "Open María's chart" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "María Hernández Ruiz" })).toBeVisible();
});
