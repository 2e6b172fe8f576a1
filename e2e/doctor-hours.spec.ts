import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, visible } from "./helpers";

/**
 * Settings → Doctors and the calendar's working hours, for Clínica Luna (America/Mexico_City). The e2e seed
 * leaves the demo doctors without hours (other specs book at any hour), so each test sets a doctor's hours,
 * checks the calendar greys out the rest and asks before booking there, and clears them again at the end.
 * Days five weeks ahead, at evening hours no other spec books.
 */
const CLINIC_ZONE = "America/Mexico_City";

/** The first clinic-local Monday–Friday at least `days` from now, "YYYY-MM-DD", and the weekday after it. */
function weekdayAhead(days: number) {
  const format = (offset: number) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: CLINIC_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
      new Date(Date.now() + offset * 86_400_000),
    );
  const weekday = (offset: number) =>
    new Intl.DateTimeFormat("en-US", { timeZone: CLINIC_ZONE, weekday: "short" }).format(new Date(Date.now() + offset * 86_400_000));
  let offset = days;
  while (["Sat", "Sun", "Fri"].includes(weekday(offset))) offset++;
  return { day: format(offset), next: format(offset + 1) };
}

const doctorCard = (page: Page, name: string) => page.getByTestId("doctor-card").filter({ has: page.getByRole("heading", { name }) });

async function clickSlot(page: Page, time: string) {
  const target = page.locator(`.luna-calendar [data-time="${time}:00"]`).last();
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function pickPatient(dialog: Locator, label: string, query: string, name: RegExp) {
  await dialog.getByRole("combobox", { name: label }).fill(query);
  await dialog.getByRole("option", { name }).first().click();
  await expect(dialog.getByTestId("chosen-patient")).toContainText(name);
}

const WEEK = {
  es: ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"],
  en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};

async function clearHours(card: Locator, locale: "es" | "en") {
  for (const day of WEEK[locale]) await card.getByLabel(day, { exact: true }).fill("");
  const remove = card.getByRole("button", { name: locale === "es" ? /^Quitar/ : /^Remove/ });
  while ((await remove.count()) > 0) await remove.first().click();
}

test("es: an admin sets a doctor's hours, title and time off; the calendar greys the rest and asks before booking out of hours", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { day, next } = weekdayAhead(36);
  await signIn(page, LUNA_ADMIN);
  await page.goto("/es/settings");
  await page.getByRole("link", { name: "Médicos", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Médicos" })).toBeVisible();
  const card = doctorCard(page, "Dra. López");
  const toasts = page.locator("[data-sonner-toast]");

  try {
    // Overlapping intervals: a localized error on the day, nothing saved.
    await card.getByLabel("Lunes", { exact: true }).fill("09:00-14:00, 13:00-15:00");
    await card.getByRole("button", { name: "Guardar" }).click();
    await expect(card.getByText("Dos horarios del mismo día se traslapan.")).toBeVisible();
    await page.reload();
    await expect(doctorCard(page, "Dra. López").getByLabel("Lunes", { exact: true })).toHaveValue("");

    // The week, a title and a day off.
    const fresh = doctorCard(page, "Dra. López");
    for (const weekday of WEEK.es.slice(0, 5)) await fresh.getByLabel(weekday, { exact: true }).fill("09:00-14:00, 16:00-19:00");
    await fresh.getByLabel("Sábado", { exact: true }).fill("9:00-13:00");
    await fresh.getByLabel("Título en los mensajes").selectOption("dr");
    await expect(fresh.getByText("Los mensajes dirán: el Dr. López.")).toBeVisible();
    await fresh.getByLabel("Título en los mensajes").selectOption("dra");
    await expect(fresh.getByText("Los mensajes dirán: la Dra. López.")).toBeVisible();
    await fresh.getByLabel("Especialidad (opcional)").fill("Pediatría");
    await fresh.getByRole("button", { name: "Agregar días libres" }).click();
    // Time off that ends before it starts: refused, then fixed.
    await fresh.getByLabel("Desde").fill(next);
    await fresh.getByLabel("Hasta").fill(day);
    await fresh.getByRole("button", { name: "Guardar" }).click();
    await expect(fresh.getByText("Los días libres terminan antes de empezar.")).toBeVisible();
    await fresh.getByLabel("Hasta").fill(next);
    await fresh.getByLabel("Motivo (opcional)").fill("Congreso");
    await fresh.getByRole("button", { name: "Guardar" }).click();
    await expect(toasts.filter({ hasText: "Se guardaron los datos de Dra. López." })).toBeVisible();
    await page.reload();
    await expect(doctorCard(page, "Dra. López").getByLabel("Sábado", { exact: true })).toHaveValue("09:00-13:00");
    await expect(doctorCard(page, "Dra. López").getByLabel("Especialidad (opcional)")).toHaveValue("Pediatría");

    // The calendar, opened on her from a link: the hours outside her schedule are greyed, her day off too.
    const doctorId = await doctorCard(page, "Dra. López").getAttribute("data-doctor-id");
    await page.goto(`/es/calendar?doctor=${doctorId}&date=${day}&view=day`);
    await expect(page.getByTestId("calendar").filter(visible)).toBeVisible();
    await expect(page.getByLabel("Médico", { exact: true }).filter(visible)).toHaveValue(doctorId!);
    await expect(page.getByTestId("outside-hours-legend")).toContainText("fuera del horario de Dra. López");
    await expect(page.locator(".luna-calendar .luna-non-business").first()).toBeVisible();

    // Booking at 20:00 asks first; confirmed, it is booked.
    await clickSlot(page, "20:00");
    const booking = page.getByTestId("booking-dialog");
    await expect(booking.getByLabel("Fecha y hora")).toHaveValue(`${day}T20:00`);
    await pickPatient(booking, "Buscar paciente", "ximena", /Ximena Morales Ortiz/);
    await booking.getByRole("button", { name: "Agendar", exact: true }).click();
    const warning = booking.getByTestId("outside-hours");
    await expect(warning).toContainText("Fuera de horario");
    await expect(warning).toContainText("Dra. López no consulta a esa hora");
    await warning.getByRole("button", { name: "Agendar fuera de horario" }).click();
    await expect(booking).toBeHidden();
    await expect(toasts.filter({ hasText: "Cita agendada." })).toBeVisible();
    await expect(page.getByTestId("calendar-event").filter({ hasText: "Ximena Morales Ortiz" })).toContainText("20:00");

    // Moving it to 21:00 (still outside her hours) asks the same; confirmed, it moves.
    await page.getByTestId("calendar-event").filter({ hasText: "Ximena Morales Ortiz" }).click();
    const detail = page.getByTestId("appointment-dialog");
    await detail.getByLabel("Nueva fecha y hora").fill(`${day}T21:00`);
    await detail.getByRole("button", { name: "Mover cita" }).click();
    await expect(detail.getByText("Fuera del horario del médico (o en su día libre). ¿Moverla de todos modos?")).toBeVisible();
    await detail.getByRole("button", { name: "Mover fuera de horario" }).click();
    await expect(toasts.filter({ hasText: "Cita movida." })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("calendar-event").filter({ hasText: "Ximena Morales Ortiz" })).toContainText("21:00");

    await page.goto(`/es/calendar?doctor=${doctorId}&date=${next}&view=day`);
    await expect(page.getByTestId("calendar-time-off").first()).toContainText("Día libre · Congreso");
  } finally {
    // Leave her as the seed made her: no hours, no time off, no specialty (later specs book at any hour).
    await page.goto("/es/settings/doctors");
    const reset = doctorCard(page, "Dra. López");
    await clearHours(reset, "es");
    await reset.getByLabel("Especialidad (opcional)").fill("");
    await reset.getByLabel("Título en los mensajes").selectOption("dra");
    await reset.getByRole("button", { name: "Guardar" }).click();
    await expect(toasts.filter({ hasText: /Se guardaron los datos de Dra. López|No había cambios/ }).first()).toBeVisible();
  }
});

test("en: an admin sets a doctor's hours; the calendar's doctor filter keeps the URL, greys the rest and asks before booking out of hours", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { day } = weekdayAhead(37);
  await signIn(page, LUNA_ADMIN, { locale: "en" });
  await page.goto("/en/settings/doctors");
  await expect(page.getByRole("heading", { level: 1, name: "Doctors" })).toBeVisible();
  const card = doctorCard(page, "Dr. García");
  const toasts = page.locator("[data-sonner-toast]");

  try {
    // An interval that ends before it starts: refused.
    await card.getByLabel("Monday", { exact: true }).fill("14:00-09:00");
    await card.getByRole("button", { name: "Save" }).click();
    await expect(card.getByText("An interval ends before it starts.")).toBeVisible();
    for (const weekday of WEEK.en.slice(0, 5)) await card.getByLabel(weekday, { exact: true }).fill("09:00-14:00");
    await expect(card.getByText("Messages will say: Dr. García.")).toBeVisible();
    await card.getByRole("button", { name: "Save" }).click();
    await expect(toasts.filter({ hasText: "Dr. García's details were saved." })).toBeVisible();

    await page.goto(`/en/calendar?date=${day}&view=day`);
    await expect(page.getByTestId("calendar").filter(visible)).toBeVisible();
    // All doctors: nothing greyed. Dr. García: the afternoon is, and the URL names him.
    await expect(page.getByTestId("outside-hours-legend")).toHaveCount(0);
    await page.getByLabel("Doctor", { exact: true }).filter(visible).selectOption({ label: "Dr. García" });
    await expect(page).toHaveURL(/[?&]doctor=[0-9a-f-]{36}/);
    await expect(page.getByTestId("outside-hours-legend")).toContainText("outside Dr. García's working hours");
    await expect(page.locator(".luna-calendar .luna-non-business").first()).toBeVisible();

    await clickSlot(page, "15:30");
    const booking = page.getByTestId("booking-dialog");
    await pickPatient(booking, "Find a patient", "sarah", /Sarah Johnson/);
    await booking.getByRole("button", { name: "Book", exact: true }).click();
    const warning = booking.getByTestId("outside-hours");
    await expect(warning).toContainText("Outside working hours");
    await warning.getByRole("button", { name: "Book outside working hours" }).click();
    await expect(booking).toBeHidden();
    await expect(toasts.filter({ hasText: "Appointment booked." })).toBeVisible();
    await expect(page.getByTestId("calendar-event").filter({ hasText: "Sarah Johnson" })).toBeVisible();

    // A reload keeps the doctor (the filter is in the URL).
    await page.reload();
    await expect(page.getByTestId("outside-hours-legend")).toContainText("Dr. García");
  } finally {
    await page.goto("/en/settings/doctors");
    const reset = doctorCard(page, "Dr. García");
    await clearHours(reset, "en");
    await reset.getByRole("button", { name: "Save" }).click();
    await expect(toasts.filter({ hasText: /Dr. García's details were saved|There were no changes/ }).first()).toBeVisible();
  }
});
