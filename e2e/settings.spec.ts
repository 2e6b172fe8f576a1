import { expect, test } from "@playwright/test";
import { LUNA_ADMIN, signIn, signInInNewContext } from "./helpers";

test("an admin turns SMS on for reminders and it stays after a reload; the preview shows the patient's words", async ({ page }) => {
  await signIn(page, LUNA_ADMIN);
  await page.goto("/es/settings/reminders");
  await expect(page.getByRole("heading", { name: "Recordatorios de citas" })).toBeVisible();

  const sms = page.getByRole("switch", { name: "Recordatorio por SMS" });
  await expect(sms).not.toBeChecked();
  await sms.click();
  await expect(page.getByText("Guardado.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("switch", { name: "Recordatorio por SMS" })).toBeChecked();

  const reminderRow = page.getByRole("row").filter({ has: page.getByRole("switch", { name: "Recordatorio por SMS" }) });
  await reminderRow.getByText("Ver plantilla de WhatsApp").click();
  const preview = reminderRow.getByTestId("whatsapp-preview").first();
  await expect(preview).toContainText("Hola María, te recordamos tu cita con Dr. García para mañana a las 10:00 a.m.");

  // Put it back for the other specs.
  await page.getByRole("switch", { name: "Recordatorio por SMS" }).click();
  await expect(page.getByText("Guardado.")).toBeVisible();
});

test("front-desk staff see the grid read-only", async ({ browser }) => {
  const { context, page } = await signInInNewContext(browser, { email: "recepcion@clinicaluna.mx", clinic: "Clínica Luna" });
  await page.goto("/es/settings/reminders");
  await expect(page.getByText("Solo la administración de la clínica puede cambiar estos ajustes.")).toBeVisible();
  await expect(page.getByRole("switch", { name: "Recordatorio por WhatsApp" })).toBeDisabled();
  await context.close();
});
