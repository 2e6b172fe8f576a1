import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, visible } from "./helpers";

const shots = process.env.E2E_SCREENSHOTS_DIR;

/** How many messages the log's upcoming view holds for a type (its total line). */
async function upcomingOf(page: Page, type: string, locale: "es" | "en" = "es") {
  await page.goto(`/${locale}/messages?view=upcoming&type=${type}`);
  const text = ((await page.getByTestId("log-total").filter(visible).textContent()) ?? "").trim();
  const match = /^(\d+) (mensajes?|messages?)$/.exec(text) ?? (/^(Sin mensajes|No messages)$/.test(text) ? ["", "0"] : null);
  expect(match, `total line "${text}"`).not.toBeNull();
  return Number(match![1]);
}

/** The count the settings toast gives ("… de 3 citas ya agendadas." / "… of 3 booked appointments …"). */
async function toastCount(page: Page, locale: "es" | "en") {
  const toast = page
    .getByText(locale === "es" ? /^Guardado\. (Se actualizaron|Ninguna cita)/ : /^Saved\. (The pending messages|No booked)/)
    .filter(visible)
    .last();
  await expect(toast).toBeVisible();
  const text = (await toast.textContent()) ?? "";
  if (shots) await page.screenshot({ path: `${shots}/settings-replan-toast-${locale}-1280.png` });
  const match = /(\d+) (cita|booked)/.exec(text);
  return match ? Number(match[1]) : 0;
}

test.describe("settings reach visits already booked", () => {
  test("turning the 1 h reminder on plans it for the booked visits the toast counts; off cancels them again", async ({ page }) => {
    await signIn(page, LUNA_ADMIN);
    expect(await upcomingOf(page, "reminder_1h")).toBe(0);
    await page.goto("/es/settings/schedule/reminders");
    await page.getByRole("switch", { name: "Recordatorio 1 h antes (opcional) por WhatsApp" }).click();
    const changed = await toastCount(page, "es");
    expect(changed).toBeGreaterThan(0);
    expect(await upcomingOf(page, "reminder_1h")).toBe(changed);

    await page.goto("/es/settings/schedule/reminders");
    await page.getByRole("switch", { name: "Recordatorio 1 h antes (opcional) por WhatsApp" }).click();
    expect(await toastCount(page, "es")).toBe(changed);
    expect(await upcomingOf(page, "reminder_1h")).toBe(0);
  });

  test("changing the lead 24 h → 48 h moves the booked visits' reminders and says how many; back to 24 h moves the same visits", async ({
    page,
  }) => {
    await signIn(page, LUNA_ADMIN, { locale: "en" });
    const before = await upcomingOf(page, "reminder", "en");
    await page.goto("/en/settings/schedule/reminders");
    await expect(page.getByText("Changing it moves the pending reminders of appointments already booked")).toBeVisible();
    await page.getByLabel("Send the reminder").selectOption("48");
    const moved = await toastCount(page, "en");
    expect(moved).toBeGreaterThan(0);
    // One pending reminder per visit still: moved, not added.
    expect(await upcomingOf(page, "reminder", "en")).toBe(before);
    await page.goto("/en/settings/schedule/reminders");
    await expect(page.getByLabel("Send the reminder")).toHaveValue("48");
    if (shots) {
      await page.screenshot({ path: `${shots}/settings-reminders-lead-en-1280.png`, fullPage: true });
      await page.setViewportSize({ width: 820, height: 900 });
      await page.screenshot({ path: `${shots}/settings-reminders-lead-en-820.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 720 });
    }
    await page.getByLabel("Send the reminder").selectOption("24");
    expect(await toastCount(page, "en")).toBe(moved);
    expect(await upcomingOf(page, "reminder", "en")).toBe(before);
  });
});
