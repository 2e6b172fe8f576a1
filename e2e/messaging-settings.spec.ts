import { randomBytes } from "node:crypto";
import { listTemplates } from "@/lib/notifications/templates/catalog";
import { expect, test } from "./fixtures";
import { LUNA_ADMIN, SOL_ADMIN, signIn, unusedMexicoCityNumber, visible } from "./helpers";

// Every WhatsApp template of the catalog, as the page counts them (it grows with each new kind).
const TEMPLATES = listTemplates().length;
const hex = (n: number) => randomBytes(n / 2).toString("hex");

const WORDS = {
  es: {
    admin: LUNA_ADMIN,
    nav: "WhatsApp y SMS",
    own: "Usar la cuenta de Twilio de mi clínica",
    shared: "Usar el remitente compartido de Luna",
    accountSid: "Account SID",
    authToken: "Auth Token",
    whatsappFrom: "Número de WhatsApp",
    save: "Guardar",
    saved: "Configuración de WhatsApp y SMS guardada",
    notSaved: "No se guardó nada: revisa los campos marcados.",
    accountSidError: "Debe ser un Account SID: AC seguido de 32 caracteres hexadecimales.",
    contentSidError: "Debe ser un Content SID: HX seguido de 32 caracteres hexadecimales.",
    missing: `${TEMPLATES} plantillas de ${TEMPLATES} aún no tienen Content SID`,
    missingAfter: `${TEMPLATES - 1} plantillas de ${TEMPLATES} aún no tienen Content SID`,
    tokenSet: (last4: string) => `Configurado ·•••${last4}.`,
    copy: "Copiar el texto de booking_confirmation.in_person.es",
    copied: "Texto de la plantilla copiado",
    sidMissing: "Falta el SID",
    sidSet: "SID configurado",
    sidLabel: "Content SID de booking_confirmation.in_person.es",
    ownProvider: "Twilio (cuenta propia de la clínica)",
  },
  en: {
    admin: SOL_ADMIN,
    nav: "WhatsApp and SMS",
    own: "Use my clinic's own Twilio account",
    shared: "Use Luna's shared sender",
    accountSid: "Account SID",
    authToken: "Auth Token",
    whatsappFrom: "WhatsApp number",
    save: "Save",
    saved: "WhatsApp and SMS settings saved",
    notSaved: "Nothing was saved: check the marked fields.",
    accountSidError: "Must be an Account SID: AC followed by 32 hexadecimal characters.",
    contentSidError: "Must be a Content SID: HX followed by 32 hexadecimal characters.",
    missing: `${TEMPLATES} templates of ${TEMPLATES} have no Content SID yet`,
    missingAfter: `${TEMPLATES - 1} templates of ${TEMPLATES} have no Content SID yet`,
    tokenSet: (last4: string) => `Set ·•••${last4}.`,
    copy: "Copy the text of booking_confirmation.in_person.es",
    copied: "Template text copied",
    sidMissing: "SID missing",
    sidSet: "SID set",
    sidLabel: "Content SID for booking_confirmation.in_person.es",
    ownProvider: "Twilio (the clinic's own account)",
  },
} as const;

for (const locale of ["es", "en"] as const) {
  const w = WORDS[locale];
  test(`${locale}: an admin copies a template's text, is told what is wrong, saves the clinic's own sender (the token never comes back) and returns to the shared one`, async ({
    page,
    context,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signIn(page, w.admin, { locale });
    await page.goto(`/${locale}/settings`);
    await page.getByRole("link", { name: w.nav, exact: true }).filter(visible).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/settings/messaging$`));
    const form = page.getByRole("form", { name: w.nav });
    await expect(form.getByRole("status")).toContainText(w.missing);

    // The template's text, ready for Twilio's Content Template Builder.
    const item = form.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "booking_confirmation.in_person.es" }) });
    await expect(item.getByText(w.sidMissing)).toBeVisible();
    await item.getByRole("button", { name: w.copy }).click();
    await expect(page.getByText(w.copied).filter(visible)).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^Hola \{\{1\}\}, tu cita con \{\{2\}\} en \{\{3\}\} quedó confirmada/);
    expect(copied).toContain("confirm:{{5}}");

    // Bad input: localized errors, nothing saved.
    await form.getByRole("radio", { name: w.own }).check();
    await form.getByLabel(w.accountSid, { exact: true }).fill("SK123");
    await form.getByLabel(w.sidLabel, { exact: true }).fill("HXnope");
    await form.getByRole("button", { name: w.save, exact: true }).click();
    await expect(form.getByText(w.notSaved)).toBeVisible();
    await expect(form.getByText(w.accountSidError)).toBeVisible();
    await expect(form.getByText(w.contentSidError)).toBeVisible();

    // Good input: saved; the token is shown only as its last four, nowhere in the page.
    const token = hex(32);
    const accountSid = `AC${hex(32)}`;
    await form.getByLabel(w.accountSid, { exact: true }).fill(accountSid);
    await form.getByLabel(w.authToken, { exact: true }).fill(token);
    await form.getByLabel(w.whatsappFrom, { exact: true }).fill(unusedMexicoCityNumber().typed);
    await form.getByLabel(w.sidLabel, { exact: true }).fill(`HX${hex(32)}`);
    await form.getByRole("button", { name: w.save, exact: true }).click();
    await expect(page.getByText(w.saved).filter(visible)).toBeVisible();
    await page.reload();
    const reloaded = page.getByRole("form", { name: w.nav });
    await expect(reloaded.getByText(w.tokenSet(token.slice(-4)))).toBeVisible();
    await expect(reloaded.getByRole("status")).toContainText(w.missingAfter);
    await expect(
      reloaded
        .getByRole("listitem")
        .filter({ has: page.getByRole("heading", { name: "booking_confirmation.in_person.es" }) })
        .getByText(w.sidSet),
    ).toBeVisible();
    await expect(reloaded.getByLabel(w.authToken, { exact: true })).toHaveValue("");
    expect(await page.content()).not.toContain(token);
    const html = await (await page.request.get(`/${locale}/settings/messaging`)).text();
    expect(html).toContain(accountSid);
    expect(html).not.toContain(token);

    // The account page says the clinic's messages leave from its own account.
    await page.goto(`/${locale}/settings`);
    await expect(page.getByTestId("providers").filter(visible)).toContainText(w.ownProvider);
    await page.goto(`/${locale}/settings/messaging`);

    // Back to Luna's shared sender (the rest of the suite sends from it).
    await reloaded.getByRole("radio", { name: w.shared }).check();
    await reloaded.getByRole("button", { name: w.save, exact: true }).click();
    await expect(page.getByText(w.saved).filter(visible)).toBeVisible();
    await page.reload();
    await expect(page.getByRole("form", { name: w.nav }).getByRole("radio", { name: w.shared })).toBeChecked();
  });
}
