import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { seeded, expect, test } from "./fixtures";
import { SOL_ADMIN, signIn, visible } from "./helpers";

/**
 * The appointment calendar of Clínica Sol (America/Tijuana; the browser runs in Mexico City, so a slot only
 * lands right if the calendar uses the clinic's zone). The seed books visits only on the next 14 days, so
 * these journeys use days three and four weeks ahead, at hours no other spec books: independent of today.
 */
const CLINIC_ZONE = "America/Tijuana";

/** The clinic-local calendar date `days` from now, "YYYY-MM-DD". */
function clinicDate(days: number) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: CLINIC_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

async function openDay(page: Page, locale: "es" | "en", date: string) {
  await page.goto(`/${locale}/calendar?date=${date}&view=day`);
  await expect(page.getByTestId("calendar").filter(visible)).toBeVisible();
  await expect(page.locator(`.luna-calendar [data-date="${date}"]`).first()).toBeVisible();
}

/** The time-grid lane of a clinic-local time in the (single-day) view. */
const lane = (page: Page, time: string) => page.locator(`.luna-calendar [data-time="${time}:00"]`).last();

/** Clicks a slot as a person does: the day column lies over the lanes, so click at the lane's place. */
async function clickSlot(page: Page, time: string) {
  const target = lane(page, time);
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function searchAndPickPatient(dialog: Locator, label: string, query: string, name: RegExp) {
  await dialog.getByRole("combobox", { name: label }).fill(query);
  await dialog.getByRole("option", { name }).first().click();
  await expect(dialog.getByTestId("chosen-patient")).toContainText(name);
}

const message = (dialog: Locator, type: string) => dialog.locator(`[data-testid="timeline-message"][data-type="${type}"]`);

async function expectNoSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`);
  expect(report, `serious/critical axe violations on ${name}`).toEqual([]);
}

const shots = process.env.E2E_SCREENSHOTS_DIR;

test("es: book a video visit from a slot, see the confirmation in its timeline, move it by editing, cancel it", async ({ page }) => {
  test.setTimeout(120_000);
  const day = clinicDate(22);
  await signIn(page, SOL_ADMIN);
  await openDay(page, "es", day);

  await clickSlot(page, "10:00");
  const booking = page.getByTestId("booking-dialog");
  await expect(booking.getByRole("heading", { name: "Agendar cita" })).toBeVisible();
  // The slot is 10:00 on the clinic's clock, although the browser is two hours ahead.
  await expect(booking.getByLabel("Fecha y hora")).toHaveValue(`${day}T10:00`);

  // Nothing chosen: localized errors, nothing booked.
  await booking.getByLabel("Videoconsulta", { exact: true }).check();
  await expect(booking.getByText("Tu clínica no tiene configurada una dirección para videoconsultas")).toBeVisible();
  await booking.getByRole("button", { name: "Agendar", exact: true }).click();
  await expect(booking.getByText("Elige un paciente.")).toBeVisible();

  await searchAndPickPatient(booking, "Buscar paciente", "lucia", /Lucía Fuentes Vega/);
  await booking.getByRole("textbox", { name: "Enlace de la videoconsulta" }).fill("https://meet.jit.si/luna-e2e-calendar-es");
  if (shots) await page.screenshot({ path: `${shots}/calendar-booking-es.png` });
  await booking.getByRole("button", { name: "Agendar", exact: true }).click();
  await expect(booking).toBeHidden();
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: "Cita agendada." });
  await expect(toast).toContainText(/Confirmación sale ahora por (WhatsApp|SMS|Correo)/);
  await expect(toast).toContainText(/Recordatorio por (WhatsApp|SMS|Correo) el /);
  await expect(toast).toContainText("incluye el enlace de la videoconsulta");

  const event = page.getByTestId("calendar-event").filter({ hasText: "Lucía Fuentes Vega" });
  await expect(event).toContainText("Agendada");
  await expect(event).toContainText("Video");
  await event.click();
  const detail = page.getByTestId("appointment-dialog");
  await expect(detail.getByRole("heading", { name: "Lucía Fuentes Vega" })).toBeVisible();
  await expect(detail.getByRole("link", { name: "https://meet.jit.si/luna-e2e-calendar-es" })).toBeVisible();
  // The embedded scheduler sends the confirmation at once (to the outbox); the dialog re-reads it.
  await expect(message(detail, "booking_confirmation")).toHaveAttribute("data-status", /^(sent|delivered|read)$/, { timeout: 30_000 });
  await expect(message(detail, "booking_confirmation")).toContainText("Enviado");
  await expect(message(detail, "reminder")).toContainText("Programado");
  if (shots) await page.screenshot({ path: `${shots}/calendar-timeline-es.png` });

  // Move by editing the time: the old reminder is cancelled, a new one planned, the patient told.
  await detail.getByLabel("Nueva fecha y hora").fill(`${day}T11:00`);
  await detail.getByRole("button", { name: "Mover cita" }).click();
  // The notice waits RESCHEDULE_COALESCE_SECONDS (20 s in these tests, under a minute: "sale ahora").
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Cita movida." })).toContainText(
    /Cambio de horario sale ahora por (WhatsApp|SMS|Correo)/,
  );
  await expect(message(detail, "reminder").and(page.locator('[data-status="cancelled"]'))).toHaveCount(1);
  await expect(message(detail, "reminder").and(page.locator('[data-status="cancelled"]'))).toContainText("Cancelado");
  await expect(message(detail, "reminder").and(page.locator('[data-status="scheduled"]'))).toHaveCount(1);
  await expect(message(detail, "reschedule")).toHaveCount(1);
  await expect(event).toContainText("11:00");

  // Cancel, after a confirmation dialog; the cancellation notice is planned.
  await detail.getByRole("button", { name: "Cancelar cita" }).click();
  const confirm = page.getByTestId("cancel-dialog");
  await expect(confirm.getByRole("heading", { name: "¿Cancelar esta cita?" })).toBeVisible();
  await confirm.getByRole("button", { name: "Sí, cancelar cita" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Cita cancelada." })).toContainText(
    /Cancelación sale ahora por (WhatsApp|SMS|Correo)/,
  );
  await expect(detail.getByTestId("appointment-dialog-status")).toHaveText("Cancelada");
  await expect(message(detail, "cancellation")).toHaveCount(1);
  await expect(message(detail, "reminder").and(page.locator('[data-status="scheduled"]'))).toHaveCount(0);
  // Esc closes the dialog; the event stays on the calendar, labelled cancelled.
  await page.keyboard.press("Escape");
  await expect(detail).toBeHidden();
  await expect(event).toContainText("Cancelada");

  // The same messages are on record in the message log: the confirmation sent, the cancellation notice.
  await page.goto("/es/messages?patient=Luc%C3%ADa%20Fuentes&type=booking_confirmation");
  const confirmations = page.getByTestId("log-row").filter(visible);
  await expect(confirmations.first()).toContainText("Lucía");
  await expect(confirmations.first()).toContainText("Confirmación");
  await expect(confirmations.filter({ hasText: "Enviado" })).not.toHaveCount(0);
  await page.goto("/es/messages?view=all&patient=Luc%C3%ADa%20Fuentes&type=cancellation");
  await expect(page.getByTestId("log-row").filter(visible).first()).toContainText("Cancelación");
});

test("en: book a video visit, move it, cancel it, in English", async ({ page }) => {
  test.setTimeout(120_000);
  const day = clinicDate(23);
  await signIn(page, SOL_ADMIN, { locale: "en" });
  await openDay(page, "en", day);

  await clickSlot(page, "12:00");
  const booking = page.getByTestId("booking-dialog");
  await expect(booking.getByRole("heading", { name: "Book an appointment" })).toBeVisible();
  await expect(booking.getByLabel("Date and time")).toHaveValue(`${day}T12:00`);
  await searchAndPickPatient(booking, "Find a patient", "karen", /Karen Smith/);
  await booking.getByLabel("Video visit", { exact: true }).check();
  await booking.getByRole("textbox", { name: "Video visit link" }).fill("https://meet.jit.si/luna-e2e-calendar-en");
  if (shots) await page.screenshot({ path: `${shots}/calendar-booking-en.png` });
  await booking.getByRole("button", { name: "Book", exact: true }).click();
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: "Appointment booked." });
  await expect(toast).toContainText(/Confirmation going out now by (WhatsApp|SMS|Email)/);
  await expect(toast).toContainText(/Reminder by (WhatsApp|SMS|Email) on /);

  const event = page.getByTestId("calendar-event").filter({ hasText: "Karen Smith" });
  await expect(event).toContainText("Scheduled");
  await event.click();
  const detail = page.getByTestId("appointment-dialog");
  await expect(message(detail, "booking_confirmation")).toHaveAttribute("data-status", /^(sent|delivered|read)$/, { timeout: 30_000 });
  await expect(message(detail, "booking_confirmation")).toContainText("Confirmation");
  if (shots) await page.screenshot({ path: `${shots}/calendar-timeline-en.png` });

  await detail.getByLabel("New date and time").fill(`${day}T12:30`);
  await detail.getByRole("button", { name: "Move appointment" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Appointment moved." })).toBeVisible();
  await expect(message(detail, "reminder").and(page.locator('[data-status="cancelled"]'))).toContainText("Cancelled");
  await expect(message(detail, "reminder").and(page.locator('[data-status="scheduled"]'))).toContainText("Scheduled");

  await detail.getByRole("button", { name: "Cancel appointment" }).click();
  await page.getByTestId("cancel-dialog").getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Appointment cancelled." })).toContainText(
    /Cancellation going out now by/,
  );
  await expect(detail.getByTestId("appointment-dialog-status")).toHaveText("Cancelled");
  await expect(message(detail, "cancellation")).toHaveCount(1);
});

test("drag an appointment to another time", async ({ page }) => {
  test.setTimeout(90_000);
  const day = clinicDate(24);
  await signIn(page, SOL_ADMIN);
  await openDay(page, "es", day);

  // Booked from the "Nueva cita" button (the keyboard way), at a typed time.
  await page.getByRole("button", { name: "Nueva cita" }).click();
  const booking = page.getByTestId("booking-dialog");
  await booking.getByLabel("Fecha y hora").fill(`${day}T13:00`);
  await searchAndPickPatient(booking, "Buscar paciente", "acosta", /Jorge Acosta/);
  await booking.getByRole("button", { name: "Agendar", exact: true }).click();
  const booked = page.locator("[data-sonner-toast]").filter({ hasText: "Cita agendada." });
  await expect(booked).toBeVisible();
  // No message carries the clinic's address yet: the toast of an in-person visit does not claim it.
  await expect(booked).not.toContainText("dirección");

  const event = page.getByTestId("calendar-event").filter({ hasText: "Jorge Acosta" });
  await expect(event).toContainText("13:00");
  // A tall window and a short move (13:00 → 14:00), so the grid never auto-scrolls under the pointer.
  await page.setViewportSize({ width: 1280, height: 1100 });
  await event.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const from = (await event.boundingBox())!;
  const to = (await lane(page, "14:00").boundingBox())!;
  // Grab the event near its top and drop that point on the 14:00 lane (FullCalendar starts a drag after a few pixels).
  await page.mouse.move(from.x + 40, from.y + 6);
  await page.mouse.down();
  for (let y = from.y + 6; y <= to.y + 6; y += 6) await page.mouse.move(from.x + 40, y);
  await page.mouse.move(from.x + 40, to.y + 6);
  await page.mouse.up();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Cita movida." })).toBeVisible();
  await expect(page.getByTestId("calendar-event").filter({ hasText: "Jorge Acosta" })).toContainText("14:00");
});

test("mark a visit whose time has come as completed", async ({ page }) => {
  // A visit cannot be booked in the past, so e2e/seed-fixtures.ts booked one (Karen Smith, 15 minutes)
  // that started ten minutes before the server did.
  const { pastVisit } = seeded();
  await signIn(page, SOL_ADMIN);
  await openDay(page, "es", pastVisit.date);
  // The calendar writes hours without a leading zero ("1:56–2:11"); the fixture keeps the input's "01:56".
  const shownTime = pastVisit.time.replace(/^0(?=\d:)/, "");
  const event = page.getByTestId("calendar-event").filter({ hasText: "Karen Smith" }).filter({ hasText: shownTime });
  await event.click();
  const detail = page.getByTestId("appointment-dialog");
  await expect(detail.getByText("Podrás marcarla como completada o no asistió después de la hora de inicio.")).toHaveCount(0);
  await detail.getByRole("button", { name: "Marcar como completada" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Cita marcada como completada." })).toBeVisible();
  await expect(detail.getByTestId("appointment-dialog-status")).toHaveText("Completada");
  await page.keyboard.press("Escape");
  await expect(event).toContainText("Completada");
});

for (const locale of ["es", "en"] as const) {
  test(`calendar page has no serious axe violations (${locale})`, async ({ page }) => {
    await signIn(page, SOL_ADMIN, { locale });
    await page.goto(`/${locale}/calendar`);
    await expect(page.getByTestId("calendar-event").first()).toBeVisible();
    // While events (re)load the calendar is dimmed (aria-busy): axe would measure the dimmed contrast.
    await expect(page.getByTestId("calendar")).toHaveAttribute("aria-busy", "false");
    await expectNoSeriousViolations(page, `calendar ${locale}`);
    if (shots) await page.screenshot({ path: `${shots}/calendar-${locale}.png`, fullPage: true });
    await page.getByRole("button", { name: locale === "es" ? "Nueva cita" : "New appointment" }).click();
    await expect(page.getByTestId("booking-dialog")).toBeVisible();
    await expectNoSeriousViolations(page, `booking dialog ${locale}`);
  });
}
