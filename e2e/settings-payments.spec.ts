import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { SOL_ADMIN, signIn, visible } from "./helpers";

/**
 * Settings → Payments in es and en: the Stripe account section (simulated here: no keys), the balance
 * reminder schedule saved and read back, and read-only for a member who is not an admin. Clínica Sol's
 * schedule is changed and put back (the suite shares one database; e2e/payments.spec.ts uses Clínica Luna).
 */
const FRONT_DESK = { email: "recepcion@clinicaluna.mx", clinic: "Clínica Luna" } as const;

const COPY = {
  es: {
    settings: "Secciones de ajustes",
    nav: "Pagos",
    title: "Pagos",
    stripe: "Cuenta de Stripe",
    simulated: "Pagos simulados: Luna no tiene claves de Stripe",
    enabled: "Enviar recordatorios de saldo",
    day: (n: number) => `+${n} días`,
    beforeDue: "Antes de la fecha límite",
    none: "Ninguno",
    save: "Guardar",
    saved: "Configuración de pagos guardada.",
    readOnly: "Solo un administrador puede cambiar esta configuración.",
  },
  en: {
    settings: "Settings sections",
    nav: "Payments",
    title: "Payments",
    stripe: "Stripe account",
    simulated: "Simulated payments: Luna has no Stripe keys",
    enabled: "Send balance reminders",
    day: (n: number) => `+${n} days`,
    beforeDue: "Before the due date",
    none: "None",
    save: "Save",
    saved: "Payment settings saved.",
    readOnly: "Only an admin can change these settings.",
  },
} as const;

async function openPaymentSettings(page: Page, locale: "es" | "en") {
  const c = COPY[locale];
  await page.goto(`/${locale}/settings`);
  await page.getByRole("navigation", { name: c.settings }).getByRole("link", { name: c.nav, exact: true }).filter(visible).click();
  await expect(page.getByRole("heading", { level: 1, name: c.title }).filter(visible)).toBeVisible();
  return page.getByRole("form", { name: c.title }).filter(visible);
}

for (const locale of ["es", "en"] as const) {
  test(`settings → payments (${locale}): simulated Stripe account, the reminder schedule saved and read back; read-only for staff`, async ({
    page,
  }) => {
    const c = COPY[locale];
    await signIn(page, SOL_ADMIN, { locale });
    let form = await openPaymentSettings(page, locale);
    await expect(page.getByTestId("stripe-connect").getByRole("heading", { name: c.stripe })).toBeVisible();
    await expect(page.getByTestId("stripe-connect-status")).toContainText(c.simulated);
    // The demo's default: on, +3 and +7 days, one day before the due date.
    await expect(form.getByLabel(c.enabled)).toBeChecked();
    await expect(form.getByLabel(c.day(3), { exact: true })).toBeChecked();
    await expect(form.getByLabel(c.day(7), { exact: true })).toBeChecked();

    try {
      await form.getByLabel(c.day(3), { exact: true }).uncheck();
      await form.getByLabel(c.day(2), { exact: true }).check();
      await form.getByLabel(c.beforeDue).selectOption({ label: c.none });
      await form.getByRole("button", { name: c.save, exact: true }).click();
      await expect(page.locator("[data-sonner-toast]").filter({ hasText: c.saved })).toBeVisible();

      await page.reload();
      form = page.getByRole("form", { name: c.title }).filter(visible);
      await expect(form.getByLabel(c.day(2), { exact: true })).toBeChecked();
      await expect(form.getByLabel(c.day(3), { exact: true })).not.toBeChecked();
      await expect(form.getByLabel(c.day(7), { exact: true })).toBeChecked();
      await expect(form.getByLabel(c.beforeDue)).toHaveValue("");
    } finally {
      // Put the demo schedule back.
      await page.goto(`/${locale}/settings/payments`);
      form = page.getByRole("form", { name: c.title }).filter(visible);
      await form.getByLabel(c.day(2), { exact: true }).uncheck();
      await form.getByLabel(c.day(3), { exact: true }).check();
      await form.getByLabel(c.day(7), { exact: true }).check();
      await form.getByLabel(c.beforeDue).selectOption("1");
      await form.getByRole("button", { name: c.save, exact: true }).click();
      await expect(page.locator("[data-sonner-toast]").filter({ hasText: c.saved })).toBeVisible();
    }

    // A member who is not an admin sees the schedule, cannot change it.
    await page.context().clearCookies();
    await signIn(page, FRONT_DESK, { locale });
    await page.goto(`/${locale}/settings/payments`);
    await expect(page.getByText(c.readOnly)).toBeVisible();
    form = page.getByRole("form", { name: c.title }).filter(visible);
    await expect(form.getByLabel(c.enabled)).toBeDisabled();
    await expect(form.getByLabel(c.day(3), { exact: true })).toBeDisabled();
  });
}
