import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, uniqueTag, visible } from "./helpers";

const PHONE = { width: 360, height: 740 } as const;

async function openChart(page: Page, locale: "es" | "en", query: string, name: string) {
  await page.goto(`/${locale}/patients?q=${encodeURIComponent(query)}`);
  await page.getByRole("link", { name }).filter(visible).click();
  await expect(page.getByRole("heading", { level: 1 }).filter(visible)).toBeVisible();
}

async function phonePage(browser: Browser) {
  const context = await browser.newContext({
    viewport: PHONE,
    locale: "es-MX",
    timezoneId: "America/Mexico_City",
    isMobile: true,
    hasTouch: true,
  });
  return { context, page: await context.newPage() };
}

const words = {
  es: {
    add: "Agregar un cargo",
    concept: "Concepto",
    amount: "Monto",
    submit: "Agregar cargo",
    createLink: "Enviar enlace de pago",
    requestType: "Solicitud de pago",
    requested: "Pago solicitado (WhatsApp)",
    cancelled: "Cancelado",
    paidReason: "el cargo ya está pagado",
    unpaid: "Sin pagar",
    paid: "Pagado",
    pay: "Pagar $850.00 MXN",
    simulatedBanner: "PAGO SIMULADO",
    payCard: "Pagar con tarjeta (pagado al momento)",
    paidTitle: "Pagado, gracias",
    pendingTitle: "Pagos pendientes",
  },
  en: {
    add: "Add a charge",
    concept: "Concept",
    amount: "Amount",
    submit: "Add charge",
    createLink: "Send payment link",
    requestType: "Payment request",
    requested: "Payment requested (WhatsApp)",
    cancelled: "Cancelled",
    paidReason: "the charge is already paid",
    unpaid: "Unpaid",
    paid: "Paid",
    pay: "Pay $850.00 MXN",
    simulatedBanner: "SIMULATED CHECKOUT",
    payCard: "Pay by card (paid at once)",
    paidTitle: "Paid, thank you",
    pendingTitle: "Pending payments",
  },
} as const;

for (const [locale, query, name] of [
  ["es", "Martínez", "Martínez Gómez, José"],
  ["en", "Johnson", "Johnson, Sarah"],
] as const) {
  test(`payments (${locale}): charge a visit, send its link, see it in the message log, pay in the simulated checkout on a 360 px phone, see it paid and the reminders cancelled`, async ({
    page,
    browser,
  }) => {
    const w = words[locale];
    const concept = `Consulta ${uniqueTag()}`;
    await signIn(page, LUNA_ADMIN, { locale });
    await openChart(page, locale, query, name);
    const section = page.getByTestId("payments-section").filter(visible);
    await section.getByText(w.add).click();
    await section.getByLabel(w.concept).fill(concept);
    await section.getByLabel(w.amount, { exact: true }).fill("850");
    await section.getByRole("button", { name: w.submit }).click();
    const charge = section.getByTestId("charge").filter({ hasText: concept });
    await expect(charge.getByTestId("charge-state")).toHaveText(w.unpaid);
    await expect(charge.getByTestId("charge-balance")).toContainText("$850.00 MXN");

    // The pending list has it.
    await page.goto(`/${locale}/payments?currency=MXN`);
    await expect(page.getByRole("heading", { level: 1, name: w.pendingTitle })).toBeVisible();
    await expect(page.getByTestId("pending-row").filter({ hasText: concept })).toBeVisible();

    await openChart(page, locale, query, name);
    const again = page.getByTestId("payments-section").filter(visible).getByTestId("charge").filter({ hasText: concept });
    await again.getByRole("button", { name: w.createLink }).click();
    const url = (await again.getByTestId("payment-link-url").textContent()) ?? "";
    expect(url).toMatch(/\/l\/[A-Za-z0-9_-]{22}$/);
    const path = new URL(url).pathname;
    // The button sent it: the engine's forecast says, per message, what will happen (the request now, by WhatsApp).
    await expect(again.getByTestId("payment-link-forecast")).toContainText(w.requestType);
    await expect(again.getByTestId("payment-link-forecast")).toContainText("WhatsApp");

    // The message log has the request, and the balance reminders waiting.
    const log = (type: string, status?: string) =>
      page.goto(`/${locale}/messages?view=all&type=${type}&patient=${encodeURIComponent(query)}${status ? `&status=${status}` : ""}`);
    await log("payment_request");
    await expect(page.getByTestId("log-row").filter(visible).first()).toContainText("WhatsApp");
    await log("payment_reminder", "scheduled");
    await expect(page.getByTestId("log-row").filter(visible).first()).toBeVisible();

    const patient = await phonePage(browser);
    const p = patient.page;
    await p.goto(path);
    await expect(p.getByTestId("amount-due")).toHaveText("$850.00 MXN");
    await expect(p.getByText(concept)).toHaveCount(0);
    // The suite runs without Stripe keys: the page must not claim that Stripe takes the money.
    await expect(p.getByTestId("payment-processor")).toContainText(locale === "es" ? "Pago simulado" : "Simulated payment");
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const shots = process.env.E2E_SCREENSHOTS_DIR;
    if (shots) await p.screenshot({ path: `${shots}/payment-link-${locale}-360.png`, fullPage: true });
    await p.getByTestId("pay-button").click();
    await expect(p.getByTestId("simulated-checkout-banner")).toContainText(w.simulatedBanner);
    await p.getByRole("button", { name: w.payCard }).click();
    await expect(p.getByTestId("payment-paid")).toContainText(w.paidTitle);
    await patient.context.close();

    await openChart(page, locale, query, name);
    const paid = page.getByTestId("payments-section").filter(visible).getByTestId("charge").filter({ hasText: concept });
    await expect(paid.getByTestId("charge-state")).toHaveText(w.paid);
    await expect(paid.getByTestId("charge-history")).toContainText(locale === "es" ? "Pagado" : "Paid");
    await expect(paid.getByTestId("charge-history")).toContainText(w.requested);

    // Paid: no balance reminder is left waiting; they show cancelled, with the reason.
    await log("payment_reminder", "scheduled");
    await expect(page.getByTestId("log-row").filter(visible)).toHaveCount(0);
    await log("payment_reminder", "cancelled");
    const cancelled = page.getByTestId("log-row").filter(visible).first();
    await expect(cancelled).toContainText(w.cancelled);
    await expect(cancelled).toContainText(w.paidReason);
  });
}
