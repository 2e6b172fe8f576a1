import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import twilio from "twilio";
import { E2E_PUBLIC_BASE_URL, E2E_TWILIO_AUTH_TOKEN } from "../playwright.config";
import { openPatients, signIn, visible } from "./helpers";

const FRONT_DESK = { email: "recepcion@clinicaluna.mx", clinic: "Clínica Luna" } as const;
// Renata Bautista Mora (demo patient) is stored as +529992345678; WhatsApp reports Mexican senders as +521….
const RENATA_WHATSAPP = "whatsapp:+5219992345678";
const CLINIC_SENDER = "whatsapp:+14155238886";

/** Posts a webhook the way Twilio does: form-encoded, signed over the public URL and every parameter. */
async function postTwilio(request: APIRequestContext, path: string, params: Record<string, string>) {
  const url = `${E2E_PUBLIC_BASE_URL}${path}`;
  const signature = twilio.getExpectedTwilioSignature(E2E_TWILIO_AUTH_TOKEN, url, params);
  return request.post(path, { form: params, headers: { "X-Twilio-Signature": signature } });
}

const sid = (n: number) => `SM${String(n).padStart(32, "0")}`;

function inDays(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test("a patient's BAJA and “1” by WhatsApp: the change notice falls back to email, the visit shows confirmed", async ({
  page,
  request,
}) => {
  // The reschedule notice waits so that quick edits send one notice: 20 s here (RESCHEDULE_COALESCE_SECONDS
  // in playwright.config.ts), long enough for the patient's BAJA to arrive first.
  test.setTimeout(120_000);
  await signIn(page, FRONT_DESK);
  await openPatients(page, "es", "Bautista");
  await page
    .getByRole("link", { name: /Bautista Mora, Renata/ })
    .filter(visible)
    .click();

  // A forged webhook changes nothing.
  expect(
    (await request.post("/api/webhooks/twilio/inbound", { form: { MessageSid: sid(1), From: RENATA_WHATSAPP, Body: "BAJA" } })).status(),
  ).toBe(403);

  // Book and move a visit: the confirmation goes out on WhatsApp; the change notice waits.
  await page.getByLabel("Fecha y hora").fill(inDays(12, 11));
  await page.getByRole("button", { name: "Agendar", exact: true }).click();
  await expect(page.getByText(/Cita agendada\./)).toBeVisible();
  // appointments.spec.ts gives Renata a (cancelled) video visit: this one is the in-person one.
  const visit = page.getByTestId("appointment").filter({ hasText: "Presencial" });
  await visit.getByLabel("Mover a").fill(inDays(12, 13));
  await visit.getByRole("button", { name: "Mover" }).click();
  await expect(page.getByText(/Cita movida\./)).toBeVisible();

  // Renata writes BAJA on WhatsApp: opted out of WhatsApp only, with one confirmation.
  const baja = await postTwilio(request, "/api/webhooks/twilio/inbound", {
    MessageSid: sid(2),
    From: RENATA_WHATSAPP,
    To: CLINIC_SENDER,
    Body: "Baja",
    WaId: "5219992345678",
    NumMedia: "0",
  });
  expect(baja.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("reply").first()).toContainText("Pidió no recibir más mensajes");

  // When the change notice comes due, WhatsApp is skipped and the same notice goes by email, chained.
  const notice = visit.getByTestId("delivery").filter({ hasText: "Cambio de horario" });
  await expect(async () => {
    await page.reload();
    await expect(notice.and(page.locator('[data-channel="whatsapp"]'))).toContainText("Omitido");
    await expect(notice.and(page.locator('[data-channel="email"]'))).toContainText("Enviado");
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  await expect(notice.and(page.locator('[data-channel="whatsapp"]'))).toContainText("el paciente no quiere mensajes por este canal");
  await expect(notice.and(page.locator('[data-channel="email"]'))).toContainText("↳");

  // She answers "1": her next visit is confirmed, by the patient.
  const one = await postTwilio(request, "/api/webhooks/twilio/inbound", {
    MessageSid: sid(3),
    From: RENATA_WHATSAPP,
    To: CLINIC_SENDER,
    Body: "1",
    WaId: "5219992345678",
    NumMedia: "0",
  });
  expect(one.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("appointment-status").filter({ hasText: "Confirmada por el paciente" })).toHaveCount(1);
  await expect(page.getByTestId("reply").first()).toContainText("Confirmó su cita");
  await page.screenshot({ path: test.info().outputPath("replies-and-fallback.png"), fullPage: true });
});
