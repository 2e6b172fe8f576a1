import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import twilio from "twilio";
import { E2E_PUBLIC_BASE_URL, E2E_TWILIO_AUTH_TOKEN } from "../playwright.config";
import { LUNA_ADMIN, signIn, uniqueTag, unusedMexicoCityNumber, visible } from "./helpers";

const shots = process.env.E2E_SCREENSHOTS_DIR;

/** Posts a webhook the way Twilio does: form-encoded, signed over the public URL and every parameter. */
async function postTwilio(request: APIRequestContext, path: string, params: Record<string, string>) {
  const url = `${E2E_PUBLIC_BASE_URL}${path}`;
  const signature = twilio.getExpectedTwilioSignature(E2E_TWILIO_AUTH_TOKEN, url, params);
  return request.post(path, { form: params, headers: { "X-Twilio-Signature": signature } });
}

async function expectNoSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`);
  expect(report, `serious/critical axe violations on ${name}`).toEqual([]);
}

test("the chart shows how and when a patient opted out, and every message and reply in one history, in Spanish and English", async ({
  page,
  request,
}) => {
  const lastName = `Ficha ${uniqueTag()}`;
  const phone = unusedMexicoCityNumber();
  await signIn(page, LUNA_ADMIN);

  // Front desk marks SMS off while creating the patient: an opt-out by the clinic, stamped now.
  await page.goto("/es/patients/new");
  await page.getByLabel("Nombre", { exact: true }).fill("Inés");
  await page.getByLabel("Apellidos").fill(lastName);
  await page.getByLabel("Teléfono celular").fill(phone.typed);
  await page.getByRole("checkbox", { name: "SMS" }).check();
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Inés ${lastName}` })).toBeVisible();
  const chartUrl = page.url().replace(/\?.*$/, "");

  const profile = page.getByRole("region", { name: "Perfil y preferencias" });
  await expect(profile.getByTestId("patient-language")).toHaveText("Español");
  await expect(profile.getByTestId("channel-sms")).toContainText("Dado de baja");
  await expect(profile.getByTestId("opt-out-sms")).toContainText(/^Desde el .+ · lo marcó la clínica$/);
  await expect(profile.getByTestId("channel-whatsapp")).toContainText("Puede recibir");
  // Reachability beside what the clinic's settings send on the channel (the demo: WhatsApp and email, no SMS).
  await expect(profile.getByTestId("clinic-sends-whatsapp")).toContainText("Confirmación");
  // By SMS the demo sends no visit message, only the link messages (as WhatsApp's fallback).
  await expect(profile.getByTestId("clinic-sends-sms")).toHaveText(
    "Resultados de laboratorio, Receta lista, Formulario de ingreso, Indicaciones de cuidado",
  );
  await expect(profile.getByTestId("channel-whatsapp")).toContainText("Sin verificar");
  await expect(profile.getByTestId("channel-email")).toContainText("Sin correo");
  await expect(page.getByRole("heading", { name: "Próximas citas" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Citas pasadas" })).toBeVisible();
  await expect(page.getByText("Todavía no hay mensajes con este paciente.")).toBeVisible();

  // She writes BAJA on WhatsApp: opted out of WhatsApp by her reply, and a confirmation goes out (not tied to a visit).
  const baja = await postTwilio(request, "/api/webhooks/twilio/inbound", {
    MessageSid: `SM${randomBytes(16).toString("hex")}`,
    From: `whatsapp:+521${phone.digits}`,
    To: "whatsapp:+14155238886",
    Body: "BAJA",
    WaId: `521${phone.digits}`,
    NumMedia: "0",
  });
  expect(baja.status()).toBe(200);
  await expect(async () => {
    await page.goto(chartUrl);
    await expect(page.getByTestId("history-delivery").filter({ hasText: "Confirmación de baja" })).toContainText("Enviado");
  }).toPass({ timeout: 30_000, intervals: [2_000] });
  await expect(profile.getByTestId("channel-whatsapp")).toContainText("Dado de baja");
  await expect(profile.getByTestId("opt-out-whatsapp")).toContainText(/^Desde el .+ · el paciente respondió pidiendo la baja$/);
  const history = page.getByTestId("history");
  await expect(history.getByTestId("reply")).toContainText("Pidió no recibir más mensajes");
  await expect(history.getByTestId("reply")).toContainText("BAJA");
  // Newest first: the confirmation answered the reply.
  await expect(history.locator("li").first()).toContainText("Confirmación de baja");
  await expect(history.locator("li").nth(1)).toContainText("Pidió no recibir más mensajes");
  await expectNoSeriousViolations(page, "patient chart");
  if (shots) {
    for (const width of [1280, 820]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${shots}/chart-es-${width}.png`, fullPage: true });
    }
  }

  await page.goto(chartUrl.replace("/es/", "/en/"));
  const profileEn = page.getByRole("region", { name: "Profile and preferences" });
  await expect(profileEn.getByTestId("opt-out-whatsapp")).toContainText(/^Since .+ · the patient replied asking to stop$/);
  await expect(profileEn.getByTestId("opt-out-sms")).toContainText("set by the clinic");
  await expect(page.getByRole("heading", { name: "Message history" })).toBeVisible();
  await expect(page.getByTestId("history").locator("li").first()).toContainText("Opt-out confirmation");
  await expect(page.getByTestId("reply").filter(visible)).toContainText("Asked to stop messages");
  await expectNoSeriousViolations(page, "patient chart (en)");
  if (shots) {
    for (const width of [1280, 820]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${shots}/chart-en-${width}.png`, fullPage: true });
    }
  }
});
