import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, visible } from "./helpers";

type Box = { x: number; y: number; width: number; height: number };

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(locator: Locator): Promise<Box> {
  await expect(locator).toBeVisible();
  return (await locator.boundingBox())!;
}

const words = {
  es: { save: "Guardar cambios", saved: "Cambios guardados.", signOut: "Cerrar sesión", csv: "Descargar CSV" },
  en: { save: "Save changes", saved: "Changes saved.", signOut: "Sign out", csv: "Download CSV" },
} as const;

async function showToast(page: Page, locale: "es" | "en") {
  await page.goto(`/${locale}/settings`);
  await page.getByRole("button", { name: words[locale].save }).click();
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: words[locale].saved });
  await expect(toast).toBeVisible();
  // Wait for the enter animation to settle before measuring.
  await expect(toast).toHaveAttribute("data-mounted", "true");
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
  return box(toast);
}

for (const locale of ["es", "en"] as const) {
  for (const width of [1280, 820]) {
    test(`a toast leaves the header's controls and the CSV button uncovered (${locale}, ${width} px)`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await signIn(page, LUNA_ADMIN, { locale });
      const toast = await showToast(page, locale);
      const header = page.locator("header").filter(visible);
      const signOut = await box(header.getByRole("button", { name: words[locale].signOut }));
      const language = await box(header.getByRole("button", { name: locale === "es" ? /Idioma/ : /Language/ }));
      expect(overlaps(toast, signOut), "toast over sign-out").toBe(false);
      expect(overlaps(toast, language), "toast over the language switch").toBe(false);
      expect(overlaps(toast, await box(header)), "toast over the header").toBe(false);

      // Toasts sit at one fixed place in the window: the log's CSV button is never under it either.
      await page.goto(`/${locale}/messages`);
      const csv = await box(page.getByRole("link", { name: words[locale].csv }).filter(visible));
      expect(overlaps(toast, csv), "toast over the CSV button").toBe(false);
    });
  }
}
