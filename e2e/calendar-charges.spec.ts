import type { Browser, Locator } from "@playwright/test";
import { expect, test } from "./fixtures";
import { SOL_ADMIN, signIn, uniqueTag, visible } from "./helpers";
import { uniqueMxNumberForWaitlist } from "./waitlist-helpers";

/**
 * Charges from the calendar's visit dialog, then an OXXO voucher left pending: the patient's page shows
 * its reference, expiry and voucher link, and the chart's history the method and the reference. Clínica
 * Sol (America/Tijuana), days five to six weeks ahead at 12:30, Monday to Thursday: no other spec books them.
 */
const CLINIC_ZONE = "America/Tijuana";

function weekdayAhead(days: number) {
  const at = (offset: number) => new Date(Date.now() + offset * 86_400_000);
  const weekday = (offset: number) => new Intl.DateTimeFormat("en-US", { timeZone: CLINIC_ZONE, weekday: "short" }).format(at(offset));
  let offset = days;
  while (["Fri", "Sat", "Sun"].includes(weekday(offset))) offset++;
  return new Intl.DateTimeFormat("en-CA", { timeZone: CLINIC_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(at(offset));
}

const COPY = {
  es: {
    newPatient: "Paciente nuevo",
    firstName: "Nombre",
    lastName: "Apellidos",
    phone: "Teléfono celular",
    language: "Idioma de los mensajes",
    createPatient: "Registrar y elegir",
    book: "Agendar",
    charges: "Cobros de la consulta",
    none: "Esta consulta no tiene cargos.",
    addTitle: "Agregar un cargo",
    concept: "Concepto",
    amount: "Monto",
    submit: "Agregar cargo",
    added: "Cargo agregado.",
    unpaid: "Sin pagar",
    remaining: "Falta $850.00 MXN",
    createLink: "Enviar enlace de pago",
    requestType: "Solicitud de pago",
    leavePending: "Generar ficha OXXO (pendiente)",
    oxxoTitle: "Ficha OXXO pendiente de pago",
    oxxoVoucher: "Ver la ficha OXXO",
    oxxoUntil: "Vence el",
    historyPending: /Instrucciones de pago entregadas al paciente \(Efectivo en OXXO\) · referencia \d{14}/,
  },
  en: {
    newPatient: "New patient",
    firstName: "First name",
    lastName: "Last name",
    phone: "Mobile phone",
    language: "Message language",
    createPatient: "Register and choose",
    book: "Book",
    charges: "Charges for this visit",
    none: "This visit has no charges.",
    addTitle: "Add a charge",
    concept: "Concept",
    amount: "Amount",
    submit: "Add charge",
    added: "Charge added.",
    unpaid: "Unpaid",
    remaining: "Still owed $850.00 MXN",
    createLink: "Send payment link",
    requestType: "Payment request",
    leavePending: "Take an OXXO voucher (pending)",
    oxxoTitle: "OXXO voucher awaiting payment",
    oxxoVoucher: "View the OXXO voucher",
    oxxoUntil: "Expires on",
    historyPending: /Payment instructions given to the patient \(OXXO cash\) · reference \d{14}/,
  },
} as const;

async function phonePage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "es-MX", timezoneId: "America/Mexico_City" });
  return { context, page: await context.newPage() };
}

async function registerInPicker(booking: Locator, c: (typeof COPY)[keyof typeof COPY], locale: "es" | "en", lastName: string) {
  const phone = uniqueMxNumberForWaitlist();
  await booking.getByRole("button", { name: c.newPatient }).click();
  await booking.getByLabel(c.firstName, { exact: true }).fill("Rosa");
  await booking.getByLabel(c.lastName).fill(lastName);
  await booking.getByLabel(c.phone).fill(phone.typed);
  await booking.getByLabel(c.language).selectOption(locale);
  await booking.getByRole("button", { name: c.createPatient }).click();
  await expect(booking.getByTestId("chosen-patient")).toContainText(`Rosa ${lastName}`);
}

for (const locale of ["es", "en"] as const) {
  test(`calendar charges (${locale}): add a charge and send its link from the visit dialog; an OXXO voucher left pending shows its reference`, async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const c = COPY[locale];
    const lastName = `Cobro ${uniqueTag()}`;
    const concept = `Consulta ${uniqueTag()}`;
    const day = weekdayAhead(locale === "es" ? 36 : 40);
    await signIn(page, SOL_ADMIN, { locale });
    await page.goto(`/${locale}/calendar?date=${day}&view=day`);
    await expect(page.getByTestId("calendar").filter(visible)).toBeVisible();
    const lane = page.locator(`.luna-calendar [data-time="12:30:00"]`).last();
    await lane.scrollIntoViewIfNeeded();
    const box = (await lane.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const booking = page.getByTestId("booking-dialog");
    await registerInPicker(booking, c, locale, lastName);
    await booking.getByRole("button", { name: c.book, exact: true }).click();
    await expect(booking).toBeHidden();

    await page
      .getByTestId("calendar-event")
      .filter({ hasText: `Rosa ${lastName}` })
      .click();
    const detail = page.getByTestId("appointment-dialog");
    const charges = detail.getByTestId("visit-charges");
    await expect(charges.getByRole("heading", { name: c.charges })).toBeVisible();
    await expect(charges).toContainText(c.none);
    await charges.getByText(c.addTitle).click();
    await charges.getByLabel(c.concept).fill(concept);
    await charges.getByLabel(c.amount, { exact: true }).fill("850");
    await charges.getByRole("button", { name: c.submit }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: c.added })).toBeVisible();
    const charge = charges.getByTestId("visit-charge").filter({ hasText: concept });
    await expect(charge).toContainText(c.unpaid);
    await expect(charge).toContainText(c.remaining);
    await charge.getByRole("button", { name: c.createLink }).click();
    await expect(charge.getByTestId("payment-link-forecast")).toContainText(c.requestType);
    const url = (await charge.getByTestId("payment-link-url").textContent()) ?? "";
    const chartHref = await charges.getByRole("link").first().getAttribute("href");

    // The patient opens the link and leaves an OXXO voucher pending in the simulated checkout.
    const patient = await phonePage(browser);
    const p = patient.page;
    await p.goto(new URL(url).pathname);
    await p.getByTestId("pay-button").click();
    await p.getByRole("button", { name: c.leavePending }).click();
    const pending = p.getByTestId("payment-pending");
    await expect(pending).toHaveAttribute("data-method", "oxxo");
    await expect(pending.getByRole("heading", { name: c.oxxoTitle })).toBeVisible();
    await expect(pending.getByTestId("payment-reference")).toHaveText(/^\d{14}$/);
    await expect(pending).toContainText(c.oxxoUntil);
    await expect(pending.getByRole("link", { name: c.oxxoVoucher })).toBeVisible();
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await patient.context.close();

    // The chart's history names the method and the reference.
    await page.goto(chartHref!);
    const onChart = page.getByTestId("payments-section").filter(visible).getByTestId("charge").filter({ hasText: concept });
    await expect(onChart.getByTestId("charge-history")).toContainText(c.historyPending);
  });
}
