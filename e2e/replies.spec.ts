import { expect, test, type APIRequestContext } from "@playwright/test";
import twilio from "twilio";
import { E2E_PUBLIC_BASE_URL, E2E_TWILIO_AUTH_TOKEN } from "../playwright.config";
import { openPatients, signIn, visible } from "./helpers";

const FRONT_DESK = { email: "recepcion@clinicaluna.mx", clinic: "Clínica Luna" } as const;

/** Posts a webhook the way Twilio does: form-encoded, signed over the public URL and every parameter. */
async function postTwilio(request: APIRequestContext, path: string, params: Record<string, string>) {
  const url = `${E2E_PUBLIC_BASE_URL}${path}`;
  const signature = twilio.getExpectedTwilioSignature(E2E_TWILIO_AUTH_TOKEN, url, params);
  return request.post(path, { form: params, headers: { "X-Twilio-Signature": signature } });
}

test("WhatsApp ✗ → email ✓ fallback and a patient's “1” confirming, on the patient chart", async ({ page, request }) => {
  await signIn(page, FRONT_DESK);
  await openPatients(page, "es", "Bautista");
  await page.getByRole("link", { name: /Bautista Mora, Renata/ }).filter(visible).click();

  // A forged callback changes nothing.
  expect((await request.post("/api/webhooks/twilio/status", { form: { MessageSid: "SMx", MessageStatus: "failed" } })).status()).toBe(403);

  // Book, and wait for the WhatsApp confirmation to go out (to the outbox).
  const startsAt = new Date(Date.now() + 12 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  await page.getByLabel("Fecha y hora").fill(`${startsAt.getFullYear()}-${pad(startsAt.getMonth() + 1)}-${pad(startsAt.getDate())}T17:30`);
  await page.getByRole("button", { name: "Agendar", exact: true }).click();
  await expect(page.getByText(/Cita agendada\./)).toBeVisible();
  const confirmation = page.getByTestId("delivery").filter({ hasText: "Confirmación" }).and(page.locator('[data-channel="whatsapp"]')).first();
  await expect(async () => {
    await page.reload();
    await expect(confirmation).toHaveAttribute("data-provider-message-id", /.+/);
  }).toPass({ timeout: 20_000 });
  const sid = (await confirmation.getAttribute("data-provider-message-id"))!;

  // Twilio reports that the number is not on WhatsApp: the same confirmation goes by email.
  const callback = await postTwilio(request, "/api/webhooks/twilio/status", {
    MessageSid: sid,
    MessageStatus: "undelivered",
    ErrorCode: "63003",
    To: "whatsapp:+529992345678",
    From: "whatsapp:+14155238886",
  });
  expect(callback.status()).toBeLessThan(300);
  await expect(async () => {
    await page.reload();
    await expect(page.locator(`[data-provider-message-id="${sid}"]`)).toContainText("No entregado");
    await expect(page.locator(`[data-provider-message-id="${sid}"]`)).toContainText("el número no usa WhatsApp");
    const fallback = page.locator(`[data-provider-message-id="${sid}"] + [data-testid="delivery"]`);
    await expect(fallback).toHaveAttribute("data-channel", "email");
    await expect(fallback).toContainText("Enviado");
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath("fallback-chain.png"), fullPage: true });

  // Renata answers "1" on WhatsApp (Mexican numbers arrive as whatsapp:+521…): her next visit is confirmed.
  const reply = await postTwilio(request, "/api/webhooks/twilio/inbound", {
    MessageSid: `SM${"e2e".padEnd(32, "0")}`,
    From: "whatsapp:+5219992345678",
    To: "whatsapp:+14155238886",
    Body: "1",
    WaId: "5219992345678",
    NumMedia: "0",
  });
  expect(reply.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("appointment-status").filter({ hasText: "Confirmada por el paciente" })).toHaveCount(1);
  await expect(page.getByTestId("reply")).toContainText("Confirmó su cita");
});
