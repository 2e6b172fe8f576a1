import type { APIResponse } from "@playwright/test";
import { expect, seeded, test } from "./fixtures";
import { signIn } from "./helpers";

/**
 * The security headers as the production build sends them (proxy.ts and next.config.ts), and pages that
 * still work under that policy: every test here (and every spec importing ./fixtures) fails on a CSP
 * violation in the console.
 */
const DOCTOR = { email: "garcia@clinicaluna.mx", clinic: "Clínica Luna" } as const;

function expectStaticHeaders(response: APIResponse, referrerPolicy: string) {
  const headers = response.headers();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe(referrerPolicy);
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("microphone=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
  // Served over plain http here: no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();
}

/** The nonce of a page's CSP, after checking the directives that make it strict. */
function expectPagePolicy(response: APIResponse): string {
  const csp = response.headers()["content-security-policy"];
  expect(csp).toBeTruthy();
  expect(csp).not.toContain(",");
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).not.toContain("'unsafe-eval'");
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
    expect(csp).toContain(directive);
  }
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  return nonce!;
}

test("a staff page: a fresh nonce per response, on every script Next.js rendered", async ({ request }) => {
  const first = await request.get("/es/sign-in");
  expect(first.status()).toBe(200);
  expectStaticHeaders(first, "strict-origin-when-cross-origin");
  const nonce = expectPagePolicy(first);
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  const second = await request.get("/es/sign-in");
  expect(expectPagePolicy(second)).not.toBe(nonce);
});

test("a patient link page: the same policy, and no Referer", async ({ request }) => {
  const response = await request.get(`/l/${seeded().expiredLabResultToken}`);
  expect(response.status()).toBe(410);
  expectStaticHeaders(response, "no-referrer");
  const nonce = expectPagePolicy(response);
  expect(await response.text()).toContain(`nonce="${nonce}"`);
  expect(response.headers()["x-robots-tag"]).toBe("noindex, nofollow");
});

test("an API route: runs and frames nothing", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.ok()).toBe(true);
  expectStaticHeaders(response, "strict-origin-when-cross-origin");
  const csp = response.headers()["content-security-policy"];
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
});

test("under the policy, signed-in pages hydrate: a button opens the template preview, whose email renders in its sandboxed iframe", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const responses: string[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "document") responses.push(response.headers()["content-security-policy"] ?? "");
  });
  await page.goto(`/l/${seeded().expiredLabResultToken}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await signIn(page, DOCTOR);
  await page.goto("/es/settings/schedule/reminders");
  await page.getByTestId("row-booking_confirmation").getByRole("button", { name: "Ver plantilla de WhatsApp" }).click();
  const dialog = page.getByRole("dialog", { name: "Vista previa: Confirmación de cita" });
  await expect(dialog).toBeVisible();
  await expect(dialog.frameLocator("[data-testid=email-preview]").getByText(/Hola María, tu cita con el Dr. García/)).toBeVisible();
  // The calendar (FullCalendar injects its styles at run time) renders too.
  await page.goto("/es/calendar");
  await expect(page.getByTestId("calendar").filter({ visible: true })).toBeVisible();
  await expect(page.locator(".luna-calendar [data-date]").first()).toBeVisible();
  expect(responses.length).toBeGreaterThan(0);
  for (const csp of responses) expect(csp).toContain("'strict-dynamic'");
});
