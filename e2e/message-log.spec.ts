import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, SOL_ADMIN, signIn, signInInNewContext, visible } from "./helpers";

/** Runs axe (WCAG 2.x A/AA and best practices) and fails on serious or critical violations. */
async function expectNoSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`);
  expect(report, `serious/critical axe violations on ${name}`).toEqual([]);
}

const WORDS = {
  es: {
    title: "Mensajes",
    channel: "Canal",
    status: "Estado",
    whatsapp: "WhatsApp",
    sent: "Enviado",
    filter: "Filtrar",
    history: "Historial de estados",
    scheduled: "Programado",
    outbox: "Simulado (outbox)",
    download: "Descargar CSV",
    csvHeader:
      "Fecha y hora,Zona horaria,Paciente,Teléfono,Tipo,Canal,Estado,Motivo,Intentos,Simulado,ID del proveedor,ID del mensaje,Asunto,Texto enviado",
    total: /^(\d+) mensajes?$/,
    invalid: "Ignoramos parte del enlace porque no es válida: estado.",
    back: "Volver a mensajes",
    views: { sent: "Enviados y fallidos", upcoming: "Por enviar", all: "Todos" },
  },
  en: {
    title: "Messages",
    channel: "Channel",
    status: "Status",
    whatsapp: "WhatsApp",
    sent: "Sent",
    filter: "Filter",
    history: "Status history",
    scheduled: "Scheduled",
    outbox: "Simulated (outbox)",
    download: "Download CSV",
    csvHeader:
      "Date and time,Time zone,Patient,Phone,Type,Channel,Status,Reason,Attempts,Simulated,Provider ID,Message ID,Subject,Text sent",
    total: /^(\d+) messages?$/,
    invalid: "We ignored part of the link because it is not valid: status.",
    back: "Back to messages",
    views: { sent: "Sent and failed", upcoming: "Upcoming", all: "All" },
  },
} as const;

async function total(page: Page, locale: "es" | "en") {
  const text = (await page.getByTestId("log-total").filter(visible).textContent()) ?? "";
  const match = WORDS[locale].total.exec(text.trim());
  expect(match, `total line "${text}"`).not.toBeNull();
  return Number(match![1]);
}

for (const locale of ["es", "en"] as const) {
  const w = WORDS[locale];

  test(`message log (${locale}): filter by channel and status, keep it on reload, open a row, download the CSV`, async ({ page }) => {
    await signIn(page, LUNA_ADMIN);
    // Every row (the demo's upcoming reminders too), so that a filter has something to narrow.
    await page.goto(`/${locale}/messages?view=all`);
    await expect(page.getByRole("heading", { level: 1, name: w.title })).toBeVisible();
    const rows = page.getByTestId("log-row").filter(visible);
    await expect(rows.first()).toBeVisible();
    const unfiltered = await total(page, locale);
    await expectNoSeriousViolations(page, `message log ${locale}`);

    // Filter: WhatsApp + sent (the demo's confirmations went out through the outbox).
    await page.getByLabel(w.channel, { exact: true }).selectOption("whatsapp");
    await page.getByLabel(w.status, { exact: true }).selectOption("sent");
    await page.getByRole("button", { name: w.filter, exact: true }).click();
    await expect(page).toHaveURL(/[?&]channel=whatsapp/);
    await expect(page).toHaveURL(/[?&]status=sent/);
    await expect(page).toHaveURL(/[?&]view=all/);
    await expect.poll(() => total(page, locale)).toBeLessThan(unfiltered);
    const filtered = await total(page, locale);
    expect(filtered).toBeGreaterThan(0);
    const checkRows = async () => {
      const count = await rows.count();
      expect(count).toBe(Math.min(filtered, 50));
      for (let i = 0; i < count; i++) {
        await expect(rows.nth(i)).toContainText(w.sent);
        await expect(rows.nth(i)).toContainText(w.whatsapp);
      }
    };
    await checkRows();

    // Reload: the URL holds the view.
    await page.reload();
    await expect(page.getByLabel(w.channel, { exact: true })).toHaveValue("whatsapp");
    await expect(page.getByLabel(w.status, { exact: true })).toHaveValue("sent");
    expect(await total(page, locale)).toBe(filtered);
    await checkRows();

    // The CSV of the same filter: the same rows, all sent on WhatsApp, phones masked.
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: w.download }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const lines = csv.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(w.csvHeader);
    expect(lines).toHaveLength(filtered + 1);
    for (const line of lines.slice(1)) {
      expect(line).toContain(`,${w.whatsapp},${w.sent},`);
      expect(line).toMatch(/,•••• \d{4},/);
      expect(line).not.toMatch(/\+52\d{10}/);
    }

    // Open the first row with the keyboard: its detail shows the history and the outbox badge.
    const firstLink = rows.first().getByRole("link");
    await firstLink.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/${locale}/messages/[0-9a-f-]{36}$`));
    await expect(page.getByRole("heading", { level: 2, name: w.history })).toBeVisible();
    const history = page.getByTestId("status-history").filter(visible);
    await expect(history).toContainText(w.scheduled);
    await expect(history).toContainText(w.sent);
    await expect(page.getByTestId("outbox-badge").filter(visible)).toHaveText(w.outbox);
    await expect(page.getByTestId("provider-id").filter(visible)).toContainText("outbox_");
    await expect(page.getByTestId("delivery-content").filter(visible)).not.toBeEmpty();
    await expectNoSeriousViolations(page, `message detail ${locale}`);

    // Back to the list: the filter is still there.
    await page.getByRole("link", { name: w.back }).click();
    await expect(page.getByLabel(w.channel, { exact: true })).toHaveValue("whatsapp");
  });

  test(`message log (${locale}): opens on what was sent and failed; upcoming is a tab in the URL; filters and the CSV follow it`, async ({
    page,
  }) => {
    await signIn(page, LUNA_ADMIN);
    await page.goto(`/${locale}/messages`);
    const tabs = page.getByRole("navigation", { name: locale === "es" ? "Vista del registro" : "Log view" }).filter(visible);
    const tab = (view: keyof typeof w.views) => tabs.getByRole("link", { name: w.views[view], exact: true });
    await expect(tab("sent")).toHaveAttribute("aria-current", "page");
    const rows = page.getByTestId("log-row").filter(visible);
    await expect(rows.first()).toBeVisible();
    const statuses = () => rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-status")));
    // Nothing still to go or cancelled in the default view; the status filter offers only what it shows.
    expect((await statuses()).filter((s) => s === "scheduled" || s === "cancelled")).toEqual([]);
    const statusOptions = await page.getByLabel(w.status, { exact: true }).locator("option").allTextContents();
    expect(statusOptions).toContain(w.sent);
    expect(statusOptions).not.toContain(w.scheduled);
    const sentTotal = await total(page, locale);
    await page.screenshot({ path: `test-results/log-view-sent-${locale}.png`, fullPage: true });

    // The upcoming tab: its own URL, only scheduled rows, soonest first.
    await tab("upcoming").click();
    await expect(page).toHaveURL(/[?&]view=upcoming/);
    await expect(tab("upcoming")).toHaveAttribute("aria-current", "page");
    await expect(rows.first()).toBeVisible();
    expect(new Set(await statuses())).toEqual(new Set(["scheduled"]));
    await expect(
      page.getByRole("columnheader", { name: locale === "es" ? /Fecha y hora/ : /Date and time/ }).filter(visible),
    ).toHaveAttribute("aria-sort", "ascending");
    const upcomingTotal = await total(page, locale);
    await page.screenshot({ path: `test-results/log-view-upcoming-${locale}.png`, fullPage: true });

    // A filter keeps the tab; reload keeps both.
    await page.getByLabel(w.channel, { exact: true }).selectOption("whatsapp");
    await page.getByRole("button", { name: w.filter, exact: true }).click();
    await expect(page).toHaveURL(/[?&]channel=whatsapp/);
    await expect(page).toHaveURL(/[?&]view=upcoming/);
    await page.reload();
    await expect(tab("upcoming")).toHaveAttribute("aria-current", "page");
    await expect(page.getByLabel(w.channel, { exact: true })).toHaveValue("whatsapp");
    const upcomingWhatsapp = await total(page, locale);
    expect(upcomingWhatsapp).toBeLessThanOrEqual(upcomingTotal);
    expect(new Set(await statuses())).toEqual(new Set(["scheduled"]));

    // The CSV is the tab's rows with its filter.
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: w.download }).click();
    const csv = readFileSync(await (await downloadPromise).path(), "utf8").replace(/^\uFEFF/, "");
    const lines = csv.split("\r\n").filter(Boolean).slice(1);
    expect(lines).toHaveLength(upcomingWhatsapp);
    for (const line of lines) expect(line).toContain(`,${w.whatsapp},${w.scheduled},`);

    // "All" holds both; back returns to the upcoming tab, then to the default one.
    await tab("all").click();
    await expect(page).toHaveURL(/[?&]view=all/);
    await expect(page).toHaveURL(/[?&]channel=whatsapp/);
    await page.goBack();
    await expect(tab("upcoming")).toHaveAttribute("aria-current", "page");
    await page.goto(`/${locale}/messages`);
    await expect.poll(() => total(page, locale)).toBe(sentTotal);
    await page.setViewportSize({ width: 820, height: 1000 });
    await page.screenshot({ path: `test-results/log-view-sent-${locale}-820.png`, fullPage: true });
  });

  test(`message log (${locale}): a bad parameter is named in words and the rest still applies`, async ({ page }) => {
    await signIn(page, LUNA_ADMIN);
    await page.goto(`/${locale}/messages?channel=whatsapp&status=bogus&sort=attempts.desc&after=nonsense'`);
    await expect(page.getByRole("status").filter({ hasText: w.invalid.slice(0, 20) })).toBeVisible();
    await expect(page.getByLabel(w.channel, { exact: true })).toHaveValue("whatsapp");
    await expect(page.getByLabel(w.status, { exact: true })).toHaveValue("");
    await expect(page.getByTestId("log-row").filter(visible).first()).toBeVisible();
  });
}

test("another clinic's delivery is not found, and its CSV holds only its own rows", async ({ page, browser }) => {
  await signIn(page, LUNA_ADMIN);
  await page.goto("/es/messages");
  await page.getByTestId("log-row").filter(visible).first().getByRole("link").click();
  await expect(page).toHaveURL(/\/es\/messages\/[0-9a-f-]{36}$/);
  const lunaDetail = new URL(page.url()).pathname;

  const sol = await signInInNewContext(browser, SOL_ADMIN);
  try {
    const response = await sol.page.goto(lunaDetail);
    expect(response?.status()).toBe(404);
    await expect(sol.page.getByRole("heading", { level: 1, name: "No encontramos esta página" })).toBeVisible();

    const csv = await sol.page.request.get("/es/messages/export");
    expect(csv.status()).toBe(200);
    const body = await csv.text();
    expect(body.split("\r\n")[0]).toContain("ID del mensaje");
    expect(body).not.toContain(lunaDetail.split("/").pop()!);
  } finally {
    await sol.context.close();
  }

  // Without a session the export sends to sign-in, and gives no CSV.
  const anonymous = await browser.newContext();
  try {
    const response = await anonymous.request.get("/es/messages/export", { maxRedirects: 0 });
    expect([302, 303, 307, 401]).toContain(response.status());
    expect(response.headers()["content-type"] ?? "").not.toContain("text/csv");
  } finally {
    await anonymous.close();
  }
});
