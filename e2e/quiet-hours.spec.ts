import { expect, test } from "./fixtures";
import { LUNA_ADMIN, openPatients, signIn, visible } from "./helpers";

const shots = process.env.E2E_SCREENSHOTS_DIR;
const pad = (n: number) => String(n).padStart(2, "0");

/** A quiet window around this moment on Clínica Luna's clock (Mexico City, UTC−6 all year): from an hour ago to two hours ahead. */
function windowAroundNow() {
  const hour = (new Date().getUTCHours() - 6 + 24) % 24;
  return { start: `${pad((hour + 23) % 24)}:00`, end: `${pad((hour + 2) % 24)}:00` };
}

function daysAhead(days: number, hour = 10) {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test("an admin sets quiet hours; a confirmation booked inside them is held, and the log says until when", async ({ page }) => {
  const { start, end } = windowAroundNow();
  await signIn(page, LUNA_ADMIN);
  await page.goto("/es/settings/schedule/reminders");
  const form = page.getByTestId("quiet-hours");
  await expect(form.getByRole("heading", { name: "Horario de silencio" })).toBeVisible();

  // Bad input: a window that starts and ends at the same time gets a localized error and saves nothing.
  await form.getByRole("switch", { name: "Retener los mensajes en este horario" }).check();
  await form.getByLabel("Desde").fill("22:00");
  await form.getByLabel("Hasta").fill("22:00");
  await form.getByRole("button", { name: "Guardar horario" }).click();
  await expect(form.getByText("La hora final debe ser distinta de la inicial.")).toBeVisible();
  await page.reload();
  await expect(form.getByRole("switch", { name: "Retener los mensajes en este horario" })).not.toBeChecked();

  await form.getByRole("switch", { name: "Retener los mensajes en este horario" }).check();
  await form.getByLabel("Desde").fill(start);
  await form.getByLabel("Hasta").fill(end);
  await form.getByRole("button", { name: "Guardar horario" }).click();
  await expect(page.getByText("Horario de silencio guardado.")).toBeVisible();
  await page.reload();
  await expect(form.getByLabel("Desde")).toHaveValue(start);
  await expect(form.getByLabel("Hasta")).toHaveValue(end);
  if (shots) await form.screenshot({ path: `${shots}/quiet-hours-settings.png` });

  try {
    // A visit in five days: its confirmation is not urgent, so it waits for the end of the window.
    await openPatients(page, "es", "Ponce Valdez");
    await page
      .getByRole("link", { name: /Ponce Valdez, Arturo/ })
      .filter(visible)
      .click();
    await page.getByLabel("Fecha y hora").fill(daysAhead(5, 11));
    await page.getByRole("button", { name: "Agendar", exact: true }).click();
    await expect(page.getByText(/Cita agendada\./)).toBeVisible();

    await page.goto("/es/messages?view=upcoming&patient=Ponce&type=booking_confirmation");
    const row = page.getByRole("row").filter({ hasText: "Confirmación" }).first();
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText(`Retenido hasta las ${end}`);
    }).toPass({ timeout: 20_000 });
    await expect(row).toContainText("Programado");
    if (shots) await page.screenshot({ path: `${shots}/quiet-hours-log-es.png`, fullPage: true });

    await row.getByRole("link").first().click();
    await expect(page.getByText(`Retenido hasta las ${end}`)).toBeVisible();
    if (shots) await page.screenshot({ path: `${shots}/quiet-hours-detail-es.png`, fullPage: true });

    await page.goto("/en/messages?view=upcoming&patient=Ponce&type=booking_confirmation");
    await expect(page.getByRole("row").filter({ hasText: "Confirmation" }).first()).toContainText(`Held until ${end}`);
    if (shots) await page.screenshot({ path: `${shots}/quiet-hours-log-en.png`, fullPage: true });
  } finally {
    // Other specs expect messages to go out at once.
    await page.goto("/es/settings/schedule/reminders");
    await form.getByRole("switch", { name: "Retener los mensajes en este horario" }).uncheck();
    await form.getByRole("button", { name: "Guardar horario" }).click();
    await expect(page.getByText("Horario de silencio guardado.")).toBeVisible();
  }
});
