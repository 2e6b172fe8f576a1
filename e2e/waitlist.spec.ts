import type { APIRequestContext, Page } from "@playwright/test";
import twilio from "twilio";
import { expect, test } from "./fixtures";
import { E2E_PUBLIC_BASE_URL, E2E_TWILIO_AUTH_TOKEN } from "../playwright.config";
import { signIn, uniqueMxNumberForWaitlist, uniqueTag } from "./waitlist-helpers";

const FRONT_DESK = { email: "recepcion@clinicaluna.mx", clinic: "Clínica Luna" } as const;

/** Posts a webhook the way Twilio does: form-encoded, signed over the public URL and every parameter. */
async function postTwilio(request: APIRequestContext, path: string, params: Record<string, string>) {
  const url = `${E2E_PUBLIC_BASE_URL}${path}`;
  const signature = twilio.getExpectedTwilioSignature(E2E_TWILIO_AUTH_TOKEN, url, params);
  return request.post(path, { form: params, headers: { "X-Twilio-Signature": signature } });
}

const sid = () => `SM${Array.from({ length: 32 }, () => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("")}`;

function inDays(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

const COPY = {
  es: {
    firstName: "Nombre",
    lastName: "Apellidos",
    phone: "Teléfono celular",
    save: "Guardar",
    addTitle: "Agregar a la lista de espera",
    add: "Agregar",
    added: "Se agregó a la lista de espera.",
    startsAt: "Fecha y hora",
    book: "Agendar",
    booked: /Cita agendada\./,
    cancel: "Cancelar cita",
    cancelled: /Cita cancelada\./,
    offered: /Ofrecido a \d+ pacientes/,
    waiting: "esperando respuesta",
    filled: "ocupado desde la lista de espera",
    yes: "Sí",
    offerType: "Oferta de lista de espera",
    takenType: "Espacio de lista de espera ocupado",
    waitlistNav: "Lista de espera",
  },
  en: {
    firstName: "First name",
    lastName: "Last name",
    phone: "Mobile phone",
    save: "Save",
    addTitle: "Add to the waitlist",
    add: "Add",
    added: "Added to the waitlist.",
    startsAt: "Date and time",
    book: "Book",
    booked: /Appointment booked\./,
    cancel: "Cancel appointment",
    cancelled: /Appointment cancelled\./,
    offered: /Offered to \d+ patients/,
    waiting: "waiting for an answer",
    filled: "filled from the waitlist",
    yes: "Yes",
    offerType: "Waitlist offer",
    takenType: "Waitlist slot taken",
    waitlistNav: "Waitlist",
  },
} as const;

async function newPatient(page: Page, locale: "es" | "en", firstName: string, lastName: string) {
  const c = COPY[locale];
  const phone = uniqueMxNumberForWaitlist();
  await page.goto(`/${locale}/patients/new`);
  await page.getByLabel(c.firstName, { exact: true }).fill(firstName);
  await page.getByLabel(c.lastName).fill(lastName);
  await page.getByLabel(c.phone).fill(phone.typed);
  await page.getByRole("button", { name: c.save }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${firstName} ${lastName}` })).toBeVisible();
  return { url: page.url(), whatsapp: `whatsapp:+521${phone.digits}`, waId: `521${phone.digits}` };
}

for (const locale of ["es", "en"] as const) {
  test(`waitlist (${locale}): a cancelled visit is offered to the waiting patients, the first "${COPY[locale].yes}" books it, the other is told`, async ({
    page,
    request,
  }) => {
    test.setTimeout(150_000);
    const c = COPY[locale];
    const tag = uniqueTag();
    await signIn(page, FRONT_DESK, { locale });

    // Two patients on the waitlist (any doctor, any time), from their charts.
    const first = await newPatient(page, locale, "Elena", `Espera ${tag}`);
    await page.getByText(c.addTitle).click();
    await page.getByRole("form", { name: c.addTitle }).getByRole("button", { name: c.add, exact: true }).click();
    await expect(page.getByText(c.added)).toBeVisible();
    const second = await newPatient(page, locale, "Tomás", `Espera ${tag}`);
    await page.getByText(c.addTitle).click();
    await page.getByRole("form", { name: c.addTitle }).getByRole("button", { name: c.add, exact: true }).click();
    await expect(page.getByText(c.added)).toBeVisible();

    // A third patient's visit in 15 days is cancelled: its slot frees. (An hour no other spec books: the
    // suite shares one database, and e2e/quiet-hours.spec.ts takes 11:00 in 5 days.)
    const holder = await newPatient(page, locale, "Hugo", `Cita ${tag}`);
    await page.getByLabel(c.startsAt).fill(inDays(15 + (locale === "en" ? 1 : 0), 15));
    await page.getByRole("button", { name: c.book, exact: true }).click();
    await expect(page.getByText(c.booked).first()).toBeVisible();
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByTestId("appointment").first().getByRole("button", { name: c.cancel }).click();
    await expect(page.getByText(c.cancelled).first()).toBeVisible();
    await page.goto(holder.url);
    await expect(page.getByTestId("slot-offer-summary")).toContainText(c.offered);
    await expect(page.getByTestId("slot-offer-summary")).toContainText(c.waiting);

    // The offers are in the message log (sent after the 20 s grace period, to the outbox).
    await page.goto(`/${locale}/messages`);
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("cell", { name: c.offerType }).first()).toBeVisible();
    }).toPass({ timeout: 60_000, intervals: [2_000] });

    // The first patient answers "Sí" by WhatsApp (a signed webhook) once the offer is out: the slot is booked for her.
    await expect(async () => {
      const reply = await postTwilio(request, "/api/webhooks/twilio/inbound", {
        MessageSid: sid(),
        From: first.whatsapp,
        To: "whatsapp:+14155238886",
        Body: c.yes,
        WaId: first.waId,
        NumMedia: "0",
      });
      expect(reply.status()).toBe(200);
      await page.goto(first.url);
      await expect(page.getByTestId("appointment")).toHaveCount(1);
    }).toPass({ timeout: 60_000, intervals: [3_000] });

    await page.goto(holder.url);
    await expect(page.getByTestId("slot-offer-summary")).toContainText(c.filled);

    // The other patient is told the slot was taken; she stays on the list.
    await page.goto(`/${locale}/messages`);
    await expect(page.getByRole("cell", { name: c.takenType }).first()).toBeVisible();
    await page.goto(second.url);
    await expect(page.getByTestId("appointment")).toHaveCount(0);
    await page.goto(`/${locale}/waitlist`);
    await expect(page.getByRole("heading", { level: 1, name: c.waitlistNav })).toBeVisible();
    await expect(page.getByTestId("waitlist-row").filter({ hasText: `Tomás Espera ${tag}` })).toHaveCount(1);
    await expect(page.getByTestId("waitlist-row").filter({ hasText: `Elena Espera ${tag}` })).toHaveCount(0);
  });
}
