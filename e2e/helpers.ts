import { expect, type Browser, type Page } from "@playwright/test";
import { watchForCspViolations } from "./fixtures";

export const DEMO_PASSWORD = "luna-demo-2026";

export const LUNA_ADMIN = { email: "admin@clinicaluna.mx", name: "Ana Torres", clinic: "Clínica Luna" } as const;
export const SOL_ADMIN = { email: "admin@clinicasol.mx", name: "Laura Méndez", clinic: "Clínica Sol" } as const;

/**
 * Pages the app navigated away from can stay in the DOM, hidden (Next.js 16 keeps them for back/forward):
 * every locator that could also match one of those is narrowed to what is visible.
 */
export const visible = { visible: true } as const;

/** Signs in through the form (Spanish sign-in page unless told otherwise) and waits for the staff shell. */
export async function signIn(page: Page, user: { email: string; clinic: string }, options: { locale?: "es" | "en" } = {}) {
  const locale = options.locale ?? "es";
  await page.goto(`/${locale}/sign-in`);
  const labels =
    locale === "es"
      ? { email: "Correo electrónico", password: "Contraseña", submit: "Entrar" }
      : { email: "Email", password: "Password", submit: "Sign in" };
  await page.getByLabel(labels.email).fill(user.email);
  await page.getByLabel(labels.password).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: labels.submit, exact: true }).click();
  await expect(page.getByTestId("clinic-name").filter(visible)).toHaveText(user.clinic);
}

/** A fresh browser context (its own cookies) signed in as `user`. */
export async function signInInNewContext(browser: Browser, user: { email: string; clinic: string }) {
  const context = await browser.newContext();
  watchForCspViolations(context);
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

/** The "N pacientes" / "N patients" total under the patients table. */
export async function patientTotal(page: Page): Promise<number> {
  const text = await page
    .getByText(/^\d+ (pacientes?|patients?)$/)
    .filter(visible)
    .textContent();
  return Number(/\d+/.exec(text ?? "")?.[0]);
}

/** Opens the patients list, searched for `query` when given. */
export async function openPatients(page: Page, locale: "es" | "en" = "es", query?: string) {
  await page.goto(`/${locale}/patients${query ? `?q=${encodeURIComponent(query)}` : ""}`);
  await expect(page.getByRole("heading", { level: 1, name: locale === "es" ? "Pacientes" : "Patients" })).toBeVisible();
}

/** Four digits that no demo patient uses after "55 87 65" (seeded numbers: lib/demo/seed.ts), unique per call. */
export function unusedMexicoCityNumber(): { typed: string; display: string; digits: string } {
  const last4 = String(1000 + Math.floor(Math.random() * 9000));
  return { typed: `55 8765 ${last4}`, display: `+52 55 8765 ${last4}`, digits: `558765${last4}` };
}

/** A short random tag that makes a test's patient name unique in the list. */
export function uniqueTag(): string {
  return Math.random()
    .toString(36)
    .slice(2, 8)
    .replace(/\d/g, (d) => "abcdefghij"[Number(d)]);
}
