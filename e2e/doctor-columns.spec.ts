import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, visible } from "./helpers";

/**
 * The calendar's day view with every doctor of Clínica Luna (Dr. García, Dra. López): one column per doctor,
 * so a slot where one doctor is busy still books the other; each column greys its own doctor's hours; "Hoy"
 * shows the current time; and a drag outside a doctor's hours is put back with a toast whose action moves it.
 * Days six to seven weeks ahead, at early-morning and early-afternoon hours no other spec books.
 */
const CLINIC_ZONE = "America/Mexico_City";

/** The first clinic-local Monday–Thursday at least `days` from now, "YYYY-MM-DD". */
function weekdayAhead(days: number) {
  const at = (offset: number) => new Date(Date.now() + offset * 86_400_000);
  const weekday = (offset: number) => new Intl.DateTimeFormat("en-US", { timeZone: CLINIC_ZONE, weekday: "short" }).format(at(offset));
  let offset = days;
  while (["Fri", "Sat", "Sun"].includes(weekday(offset))) offset++;
  return new Intl.DateTimeFormat("en-CA", { timeZone: CLINIC_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(at(offset));
}

/** The clinic-local hour now, 0–23. */
const clinicHour = () =>
  Number(new Intl.DateTimeFormat("en-US", { timeZone: CLINIC_ZONE, hour: "numeric", hourCycle: "h23" }).format(new Date()));
const clinicToday = () =>
  new Intl.DateTimeFormat("en-CA", { timeZone: CLINIC_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

async function doctorIds(page: Page, label: string) {
  const select = page.getByLabel(label, { exact: true }).filter(visible);
  const id = async (name: string) => (await select.locator("option", { hasText: name }).getAttribute("value"))!;
  // In English her title reads "Dr." too.
  return { garcia: await id("García"), lopez: await id("López") };
}

const column = (page: Page, doctorId: string) => page.locator(`[data-testid="doctor-column"][data-doctor-id="${doctorId}"]`);

/** Clicks a time slot inside one doctor's column, as a person does (at the lane's place, left of any toast). */
async function clickSlot(scope: Locator, time: string) {
  const target = scope.locator(`[data-time="${time}:00"]`).last();
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  await scope.page().mouse.click(box.x + Math.min(box.width / 2, 120), box.y + box.height / 2);
}

async function pickPatient(dialog: Locator, label: string, query: string, name: RegExp) {
  await dialog.getByRole("combobox", { name: label }).fill(query);
  await dialog.getByRole("option", { name }).first().click();
  await expect(dialog.getByTestId("chosen-patient")).toContainText(name);
}

const shots = process.env.E2E_SCREENSHOTS_DIR;

test("es: all doctors' day view has a column per doctor; a slot busy for one still books the other; the filter and Hoy", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const day = weekdayAhead(43);
  await signIn(page, LUNA_ADMIN);
  await page.goto(`/es/calendar?date=${day}&view=day`);
  const calendar = page.getByTestId("calendar").filter(visible);
  await expect(calendar).toHaveAttribute("data-view", "doctors");
  await expect(calendar.getByTestId("doctor-column-name")).toHaveText(["Dr. García", "Dra. López"]);
  const { garcia, lopez } = await doctorIds(page, "Médico");
  const toasts = page.locator("[data-sonner-toast]");

  // 07:30 with Dr. García: the booking dialog opens on him.
  await clickSlot(column(page, garcia), "07:30");
  const booking = page.getByTestId("booking-dialog");
  await expect(booking.getByLabel("Fecha y hora")).toHaveValue(`${day}T07:30`);
  await expect(booking.getByLabel("Médico")).toHaveValue(garcia);
  await pickPatient(booking, "Buscar paciente", "regina", /Regina Salazar Ríos/);
  await booking.getByRole("button", { name: "Agendar", exact: true }).click();
  await expect(booking).toBeHidden();
  await expect(toasts.filter({ hasText: "Cita agendada." })).toBeVisible();
  await expect(column(page, garcia).getByTestId("calendar-event").filter({ hasText: "Regina Salazar Ríos" })).toContainText("7:30");

  // The same 07:30, busy for him, is free in Dra. López's column: it books her.
  await clickSlot(column(page, lopez), "07:30");
  await expect(booking.getByLabel("Fecha y hora")).toHaveValue(`${day}T07:30`);
  await expect(booking.getByLabel("Médico")).toHaveValue(lopez);
  await pickPatient(booking, "Buscar paciente", "diego", /Diego Cortés Luna/);
  await booking.getByRole("button", { name: "Agendar", exact: true }).click();
  await expect(booking).toBeHidden();
  await expect(column(page, lopez).getByTestId("calendar-event").filter({ hasText: "Diego Cortés Luna" })).toContainText("7:30");
  await expect(column(page, garcia).getByTestId("calendar-event").filter({ hasText: "Diego Cortés Luna" })).toHaveCount(0);
  if (shots) await page.screenshot({ path: `${shots}/calendar-doctors-es.png`, fullPage: true });

  // One doctor: one column, named in the URL; a reload keeps it.
  await page.getByLabel("Médico", { exact: true }).filter(visible).selectOption({ label: "Dra. López" });
  await expect(page).toHaveURL(new RegExp(`[?&]doctor=${lopez}`));
  await expect(calendar).toHaveAttribute("data-view", "timeGridDay");
  await expect(calendar.getByTestId("calendar-event").filter({ hasText: "Diego Cortés Luna" })).toBeVisible();
  await expect(calendar.getByTestId("calendar-event").filter({ hasText: "Regina Salazar Ríos" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("Médico", { exact: true }).filter(visible)).toHaveValue(lopez);

  // The week and back, by the toolbar: the URL follows.
  await page.getByRole("button", { name: "Semana", exact: true }).click();
  await expect(page).toHaveURL(/[?&]view=week/);
  await page
    .getByRole("button", { name: "Día siguiente" })
    .or(page.getByRole("button", { name: "Semana siguiente" }))
    .click();
  await expect(page).not.toHaveURL(new RegExp(`date=${day}`));

  // "Hoy": today's date, scrolled so the current hour is on screen.
  await page.getByLabel("Médico", { exact: true }).filter(visible).selectOption({ label: "Todos los médicos" });
  await page.getByRole("button", { name: "Día", exact: true }).click();
  await page.getByRole("button", { name: "Hoy", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`date=${clinicToday()}`));
  await expect(calendar).toHaveAttribute("data-view", "doctors");
  const hour = `${String(clinicHour()).padStart(2, "0")}:00:00`;
  await expect(column(page, garcia).locator(`[data-time="${hour}"]`).last()).toBeInViewport();
});

test("en: each doctor's column greys their own hours; a drag outside them is put back with a toast that moves it", async ({ page }) => {
  test.setTimeout(150_000);
  const day = weekdayAhead(45);
  await signIn(page, LUNA_ADMIN, { locale: "en" });
  const toasts = page.locator("[data-sonner-toast]");
  await page.goto("/en/settings/doctors");
  const card = page.getByTestId("doctor-card").filter({ has: page.getByRole("heading", { name: "Dr. García" }) });
  const WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

  try {
    for (const weekday of WEEK.slice(0, 5)) await card.getByLabel(weekday, { exact: true }).fill("09:00-14:00");
    await card.getByRole("button", { name: "Save" }).click();
    await expect(toasts.filter({ hasText: "Dr. García's details were saved." })).toBeVisible();

    await page.goto(`/en/calendar?date=${day}&view=day`);
    const calendar = page.getByTestId("calendar").filter(visible);
    await expect(calendar).toHaveAttribute("data-view", "doctors");
    const { garcia, lopez } = await doctorIds(page, "Doctor");
    // His column greys the hours outside 9–14; hers (no hours set) greys nothing.
    await expect(page.getByTestId("outside-hours-legend-columns")).toContainText("outside their working hours");
    await expect(column(page, garcia).locator(".luna-non-business").first()).toBeAttached();
    await expect(column(page, lopez).locator(".luna-non-business")).toHaveCount(0);
    if (shots) await page.screenshot({ path: `${shots}/calendar-doctors-en.png`, fullPage: true });

    // A visit at 13:00 with him, inside his hours (booked from his own calendar).
    await page.goto(`/en/calendar?doctor=${garcia}&date=${day}&view=day`);
    await page.getByRole("button", { name: "New appointment" }).click();
    const booking = page.getByTestId("booking-dialog");
    await booking.getByLabel("Date and time").fill(`${day}T13:00`);
    await expect(booking.getByLabel("Doctor")).toHaveValue(garcia);
    await pickPatient(booking, "Find a patient", "camila", /Camila Mejía Contreras/);
    await booking.getByRole("button", { name: "Book", exact: true }).click();
    await expect(booking).toBeHidden();
    const event = page.getByTestId("calendar-event").filter({ hasText: "Camila Mejía Contreras" });
    await expect(event).toContainText("1:00");

    // Dragged to 14:00 (after his hours): put back, with a toast that asks.
    await page.setViewportSize({ width: 1280, height: 1100 });
    await event.evaluate((el) => el.scrollIntoView({ block: "center" }));
    const from = (await event.boundingBox())!;
    const to = (await page.locator(`.luna-calendar [data-time="14:00:00"]`).last().boundingBox())!;
    await page.mouse.move(from.x + 40, from.y + 6);
    await page.mouse.down();
    for (let y = from.y + 6; y <= to.y + 6; y += 6) await page.mouse.move(from.x + 40, y);
    await page.mouse.move(from.x + 40, to.y + 6);
    await page.mouse.up();
    const ask = toasts.filter({ hasText: "Outside the doctor's working hours (or on their time off). Move it anyway?" });
    await expect(ask).toBeVisible();
    await expect(event).toContainText("1:00");
    await expect(event).not.toContainText("2:00");

    // Its action moves it.
    await ask.getByRole("button", { name: "Move outside working hours" }).click();
    await expect(toasts.filter({ hasText: "Appointment moved." })).toBeVisible();
    await expect(event).toContainText("2:00");
  } finally {
    await page.goto("/en/settings/doctors");
    const reset = page.getByTestId("doctor-card").filter({ has: page.getByRole("heading", { name: "Dr. García" }) });
    for (const weekday of WEEK) await reset.getByLabel(weekday, { exact: true }).fill("");
    await reset.getByRole("button", { name: "Save" }).click();
    await expect(toasts.filter({ hasText: /Dr. García's details were saved|There were no changes/ }).first()).toBeVisible();
  }
});

test("es: in the doctors' columns a visit is dragged within its doctor's column; outside her hours it is put back and the toast's action moves it", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const day = weekdayAhead(47);
  await signIn(page, LUNA_ADMIN);
  const toasts = page.locator("[data-sonner-toast]");
  await page.goto("/es/settings/doctors");
  const card = page.getByTestId("doctor-card").filter({ has: page.getByRole("heading", { name: "Dra. López" }) });
  const WEEK = ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"];

  try {
    for (const weekday of WEEK.slice(0, 5)) await card.getByLabel(weekday, { exact: true }).fill("09:00-14:00");
    await card.getByRole("button", { name: "Guardar" }).click();
    await expect(toasts.filter({ hasText: "Se guardaron los datos de Dra. López." })).toBeVisible();

    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto(`/es/calendar?date=${day}&view=day`);
    const calendar = page.getByTestId("calendar").filter(visible);
    await expect(calendar).toHaveAttribute("data-view", "doctors");
    const { garcia, lopez } = await doctorIds(page, "Médico");
    await expect(column(page, lopez).locator(".luna-non-business").first()).toBeAttached();
    await expect(column(page, garcia).locator(".luna-non-business")).toHaveCount(0);

    // 13:00 in her column, inside her hours.
    await clickSlot(column(page, lopez), "13:00");
    const booking = page.getByTestId("booking-dialog");
    await expect(booking.getByLabel("Médico")).toHaveValue(lopez);
    await pickPatient(booking, "Buscar paciente", "estrada", /Andrea Estrada Campos/);
    await booking.getByRole("button", { name: "Agendar", exact: true }).click();
    await expect(booking).toBeHidden();
    const event = column(page, lopez).getByTestId("calendar-event").filter({ hasText: "Andrea Estrada Campos" });
    await expect(event).toContainText("13:00");

    // Dragged down to 14:00 in her column (after her hours): put back, and the toast asks.
    await event.evaluate((el) => el.scrollIntoView({ block: "center" }));
    const from = (await event.boundingBox())!;
    const to = (await column(page, lopez).locator('[data-time="14:00:00"]').last().boundingBox())!;
    await page.mouse.move(from.x + 40, from.y + 6);
    await page.mouse.down();
    for (let y = from.y + 6; y <= to.y + 6; y += 6) await page.mouse.move(from.x + 40, y);
    await page.mouse.move(from.x + 40, to.y + 6);
    await page.mouse.up();
    const ask = toasts.filter({ hasText: "Fuera del horario del médico (o en su día libre). ¿Moverla de todos modos?" });
    await expect(ask).toBeVisible();
    await expect(event).toContainText("13:00");

    await ask.getByRole("button", { name: "Mover fuera de horario" }).click();
    await expect(toasts.filter({ hasText: "Cita movida." })).toBeVisible();
    await expect(event).toContainText("14:00");
    // Still hers: a drag never hands a visit to the other doctor.
    await expect(column(page, garcia).getByTestId("calendar-event").filter({ hasText: "Andrea Estrada Campos" })).toHaveCount(0);
  } finally {
    await page.goto("/es/settings/doctors");
    const reset = page.getByTestId("doctor-card").filter({ has: page.getByRole("heading", { name: "Dra. López" }) });
    for (const weekday of WEEK) await reset.getByLabel(weekday, { exact: true }).fill("");
    await reset.getByRole("button", { name: "Guardar" }).click();
    await expect(toasts.filter({ hasText: /Se guardaron los datos de Dra. López|No había cambios/ }).first()).toBeVisible();
  }
});

for (const locale of ["es", "en"] as const) {
  test(`at 820 px the week's names are not cut, and both doctors' columns fit (${locale})`, async ({ page }) => {
    await page.setViewportSize({ width: 820, height: 1000 });
    await signIn(page, LUNA_ADMIN, { locale });
    // Next week: the demo seed books two visits every weekday of the next 14 days.
    const nextWeek = new Intl.DateTimeFormat("en-CA", { timeZone: CLINIC_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(
      new Date(Date.now() + 7 * 86_400_000),
    );
    await page.goto(`/${locale}/calendar?date=${nextWeek}&view=week`);
    const calendar = page.getByTestId("calendar").filter(visible);
    await expect(calendar.getByTestId("calendar-event").first()).toBeVisible();
    await expect(calendar).toHaveAttribute("aria-busy", "false");
    // A patient's name is never cut mid-line ("Alejan…"): it wraps; a name of up to three words is shown whole.
    const clipped = await calendar
      .locator(".luna-event-title")
      .evaluateAll((titles) =>
        titles
          .filter(
            (el) =>
              el.scrollWidth > el.clientWidth + 1 ||
              ((el.textContent ?? "").trim().split(/\s+/).length <= 3 && el.scrollHeight > el.clientHeight + 1),
          )
          .map((el) => el.textContent),
      );
    expect(clipped).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/calendar-week-${locale}-820.png` });

    await page.getByRole("button", { name: locale === "es" ? "Día" : "Day", exact: true }).click();
    await expect(calendar).toHaveAttribute("data-view", "doctors");
    await expect(page).toHaveURL(/[?&]view=day/);
    // Another day than today: the columns open on the morning, whatever the week's scroll was.
    await expect(calendar.getByTestId("doctor-column").first().locator('[data-time="07:00:00"]').last()).toBeInViewport();
    const names = calendar.getByTestId("doctor-column-name");
    await expect(names).toHaveCount(2);
    for (const name of await names.all()) await expect(name).toBeInViewport({ ratio: 1 });
    const overflow = await calendar.getByTestId("doctor-columns").evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (shots) await page.screenshot({ path: `${shots}/calendar-doctors-${locale}-820.png` });
  });
}
