import { expect, test } from "./fixtures";
import { openPatients, signIn, visible } from "./helpers";

const FRONT_DESK = { email: "recepcion@clinicaluna.mx", clinic: "Clínica Luna" } as const;

/** A datetime-local value N days from now at 10:00 (Mexico City, the browser's zone in these tests). */
function daysAhead(days: number, hour = 10) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test("book a video visit, see the confirmation in the outbox, move it, cancel it", async ({ page }) => {
  await signIn(page, FRONT_DESK);
  await openPatients(page, "es", "Bautista");
  await page
    .getByRole("link", { name: /Bautista Mora, Renata/ })
    .filter(visible)
    .click();
  await expect(page.getByRole("heading", { name: "Agendar cita" })).toBeVisible();

  // A video visit needs its link: a localized field error, nothing booked. (The chart's waitlist form below
  // has a visit type of its own: the booking form is the one under "Próximas citas".)
  const booking = page.getByRole("region", { name: "Próximas citas" });
  const before = await page.getByTestId("appointment").count();
  await booking.getByLabel("Tipo de consulta").selectOption("video");
  await booking.getByLabel("Fecha y hora").fill(daysAhead(9, 9));
  await page.getByRole("button", { name: "Agendar", exact: true }).click();
  await expect(page.getByText("Una videoconsulta necesita su enlace.")).toBeVisible();
  await expect(page.getByTestId("appointment")).toHaveCount(before);

  await booking.getByLabel("Enlace de la videoconsulta").fill("https://meet.jit.si/luna-e2e-renata");
  await page.getByRole("button", { name: "Agendar", exact: true }).click();
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: "Cita agendada." });
  await expect(toast).toContainText(/Confirmación sale ahora por (WhatsApp|SMS|Correo)/);
  await expect(toast).toContainText(/Recordatorio por (WhatsApp|SMS|Correo) el /);
  await expect(page.getByTestId("appointment")).toHaveCount(before + 1);

  // The embedded scheduler sends the confirmation at once (to the outbox: no provider keys here).
  const visit = page.getByTestId("appointment").filter({ hasText: "Videoconsulta" }).first();
  await expect(async () => {
    await page.reload();
    await expect(visit.getByTestId("delivery").filter({ hasText: "Confirmación" })).toContainText("Enviado");
  }).toPass({ timeout: 20_000 });
  await expect(visit.getByTestId("delivery").filter({ hasText: "Confirmación" })).toContainText("Simulado (outbox)");
  await expect(visit.getByTestId("delivery").filter({ hasText: "Recordatorio" })).toContainText("Programado");

  // Move it: the old reminder is cancelled, a new one planned, and a reschedule notice is on its way.
  await visit.getByLabel("Mover a").fill(daysAhead(10, 12));
  await visit.getByRole("button", { name: "Mover" }).click();
  await expect(page.getByText(/Cita movida\./)).toBeVisible();
  const moved = page.getByTestId("appointment").filter({ hasText: "Videoconsulta" }).first();
  await expect(moved.getByTestId("delivery").filter({ hasText: "Recordatorio" }).filter({ hasText: "Cancelado" })).toHaveCount(1);
  await expect(moved.getByTestId("delivery").filter({ hasText: "Recordatorio" }).filter({ hasText: "Programado" })).toHaveCount(1);
  await expect(moved.getByTestId("delivery").filter({ hasText: "Cambio de horario" })).toHaveCount(1);

  // Cancel it, after confirming the dialog: the cancellation notice is planned.
  page.once("dialog", (dialog) => dialog.accept());
  await moved.getByRole("button", { name: "Cancelar cita" }).click();
  await expect(page.getByText(/Cita cancelada\./)).toBeVisible();
  const cancelled = page.getByTestId("appointment").filter({ hasText: "Videoconsulta" }).first();
  await expect(cancelled.getByTestId("appointment-status")).toContainText("Cancelada");
  await expect(cancelled.getByTestId("delivery").filter({ hasText: "Cancelación" })).toHaveCount(1);
});

test("booking in English shows English labels and errors", async ({ page }) => {
  await signIn(page, FRONT_DESK);
  await page.goto("/en/patients?q=Davis");
  await page
    .getByRole("link", { name: /Davis, Emily/ })
    .filter(visible)
    .click();
  await expect(page.getByRole("heading", { name: "Book an appointment" })).toBeVisible();
  await page.getByLabel("Date and time").fill("2020-01-01T10:00");
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(page.getByText("The appointment must be in the future.")).toBeVisible();
});
