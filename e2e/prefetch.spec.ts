import type { Page, Request } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, visible } from "./helpers";

/**
 * Lists prefetch a route only when staff show intent (pointer or keyboard focus on its link), never just for
 * being on screen: before this, the patient list fired 30 route prefetches on load (docs/benchmarks.md).
 */
const isPrefetch = (request: Request) => request.headers()["next-router-prefetch"] === "1";

/** Every route prefetch the page makes from now on, by path. */
function recordPrefetches(page: Page) {
  const paths: string[] = [];
  page.on("request", (request) => {
    if (isPrefetch(request)) paths.push(new URL(request.url()).pathname);
  });
  return paths;
}

async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
}

const lists = {
  es: { patients: "Pacientes", home: "Hola,", log: "Mensajes" },
  en: { patients: "Patients", home: "Hello,", log: "Messages" },
} as const;

for (const locale of ["es", "en"] as const) {
  test(`the patient list prefetches nothing on load, and a patient's chart on hover or focus (${locale})`, async ({ page }) => {
    await signIn(page, LUNA_ADMIN, { locale });
    await settle(page);
    const prefetched = recordPrefetches(page);
    await page.goto(`/${locale}/patients`);
    await expect(page.getByRole("heading", { level: 1, name: lists[locale].patients })).toBeVisible();
    await settle(page);
    console.log(`[prefetch] ${locale} patient list after load: ${prefetched.length} route prefetches`);
    expect(prefetched).toEqual([]);

    const links = page.getByRole("table").filter(visible).getByRole("link");
    const first = links.nth(0);
    const firstPath = new URL((await first.getAttribute("href"))!, page.url()).pathname;
    await first.hover();
    await expect.poll(() => prefetched).toContain(firstPath);

    const second = links.nth(1);
    const secondPath = new URL((await second.getAttribute("href"))!, page.url()).pathname;
    await second.focus();
    await expect.poll(() => prefetched).toContain(secondPath);
    // Only what was pointed at or focused.
    expect(new Set(prefetched)).toEqual(new Set([firstPath, secondPath]));
  });

  test(`home and the message log prefetch nothing on load (${locale})`, async ({ page }) => {
    await signIn(page, LUNA_ADMIN, { locale });
    await settle(page);
    const prefetched = recordPrefetches(page);
    await page.goto(`/${locale}`);
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`^${lists[locale].home}`) })).toBeVisible();
    await settle(page);
    await page.goto(`/${locale}/messages`);
    await expect(page.getByRole("heading", { level: 1, name: lists[locale].log })).toBeVisible();
    await settle(page);
    console.log(`[prefetch] ${locale} home + log after load: ${prefetched.length} route prefetches`);
    expect(prefetched).toEqual([]);
  });
}
