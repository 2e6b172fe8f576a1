import { expect, test } from "./fixtures";
import { LUNA_ADMIN, SOL_ADMIN, signIn, visible } from "./helpers";
import { watchForCspViolations } from "./fixtures";

const WORDS = {
  es: {
    admin: LUNA_ADMIN,
    settings: "Ajustes",
    team: "Equipo",
    emails: "Correos del equipo",
    email: "Correo",
    role: "Rol",
    doctor: "Médico",
    send: "Enviar invitación",
    sent: (email: string) => `Invitación enviada a ${email}`,
    accept: "Aceptar la invitación",
    name: "Tu nombre",
    password: "Contraseña",
    create: "Crear mi cuenta",
    invalid: "El enlace no existe, ya se usó, venció o fue revocado.",
    deactivate: "Desactivar",
    deactivated: "Acceso desactivado; sus sesiones terminaron",
    disabled: "Desactivado",
    signInHeading: "Inicia sesión en Luna",
  },
  en: {
    admin: SOL_ADMIN,
    settings: "Settings",
    team: "Team",
    emails: "Team emails",
    email: "Email",
    role: "Role",
    doctor: "Doctor",
    send: "Send invitation",
    sent: (email: string) => `Invitation sent to ${email}`,
    accept: "Accept the invitation",
    name: "Your name",
    password: "Password",
    create: "Create my account",
    invalid: "The link does not exist, was already used, expired or was revoked.",
    deactivate: "Deactivate",
    deactivated: "Access turned off; their sessions ended",
    disabled: "Deactivated",
    signInHeading: "Sign in to Luna",
  },
} as const;

for (const locale of ["es", "en"] as const) {
  const w = WORDS[locale];
  test(`${locale}: an admin invites a doctor, who accepts from the team emails and is signed in; deactivated, their session ends`, async ({
    page,
    browser,
  }) => {
    const tag = Math.random().toString(36).slice(2, 8);
    const email = `dra-${tag}@example.test`;
    const name = `Dra. Invitada ${tag}`;

    await signIn(page, w.admin, { locale });
    await page.goto(`/${locale}/settings`);
    await page.getByRole("link", { name: w.team, exact: true }).filter(visible).click();
    await expect(page.getByRole("heading", { level: 1, name: w.team, exact: true })).toBeVisible();
    await page.getByLabel(w.email, { exact: true }).fill(email);
    await page.getByLabel(w.role, { exact: true }).selectOption("doctor");
    await page.getByRole("button", { name: w.send }).click();
    await expect(page.getByText(w.sent(email))).toBeVisible();
    await expect(page.getByTestId(`invitation-${email}`)).toContainText(w.doctor);

    // The embedded mode keeps the email: the admin (and this test) reads the invitation link there.
    await page.getByRole("link", { name: w.emails, exact: true }).filter(visible).click();
    const mail = page.getByTestId("staff-email").filter({ hasText: email });
    await expect(mail).toHaveCount(1);
    const href = await mail.getByRole("link", { name: w.accept }).getAttribute("href");
    expect(href).toMatch(new RegExp(`/${locale}/invite/[A-Za-z0-9_-]{22}$`));

    // The invitee, in a browser of their own.
    const invitee = await browser.newContext();
    watchForCspViolations(invitee);
    const inviteePage = await invitee.newPage();
    await inviteePage.goto(href!);
    await inviteePage.getByLabel(w.name).fill(name);
    await inviteePage.getByLabel(w.password, { exact: true }).fill("una-clave-nueva-2026");
    await inviteePage.getByRole("button", { name: w.create }).click();
    await expect(inviteePage.getByTestId("clinic-name").filter(visible)).toHaveText(w.admin.clinic);

    // The link works once.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(href!);
    await expect(otherPage.getByTestId("invite-invalid")).toContainText(w.invalid);
    await other.close();

    // The admin sees the new member, and deactivates them: their browser is sent to sign-in.
    await page.goto(`/${locale}/settings/team`);
    const row = page.getByTestId(`member-${email}`);
    await expect(row).toContainText(name);
    await row.getByRole("button", { name: `${w.deactivate}: ${name}` }).click();
    await expect(page.getByText(w.deactivated)).toBeVisible();
    await expect(row.getByTestId("member-status")).toHaveText(w.disabled);

    await inviteePage.goto(`/${locale}/patients`);
    await expect(inviteePage).toHaveURL(new RegExp(`/${locale}/sign-in`));
    await expect(inviteePage.getByRole("heading", { level: 1, name: w.signInHeading })).toBeVisible();
    await invitee.close();
  });
}

test("es: forgot password answers the same for any email, the reset link (read in Team emails) sets a new password once and ends the member's sessions", async ({
  page,
  browser,
}) => {
  const tag = Math.random().toString(36).slice(2, 8);
  const email = `olvido-${tag}@example.test`;
  const sent = "Si ese correo tiene una cuenta en Luna, te enviamos un enlace para restablecer tu contraseña.";

  // A member of their own (the demo accounts keep their password for the other specs).
  await signIn(page, LUNA_ADMIN);
  await page.goto("/es/settings/team");
  await page.getByLabel("Correo", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Enviar invitación" }).click();
  await expect(page.getByText(`Invitación enviada a ${email}`)).toBeVisible();
  await page.goto("/es/settings/emails");
  const invitation = await page
    .getByTestId("staff-email")
    .filter({ hasText: email })
    .getByRole("link", { name: "Aceptar la invitación" })
    .getAttribute("href");
  const member = await browser.newContext();
  watchForCspViolations(member);
  const memberPage = await member.newPage();
  await memberPage.goto(invitation!);
  await memberPage.getByLabel("Tu nombre").fill(`Olvido ${tag}`);
  await memberPage.getByLabel("Contraseña", { exact: true }).fill("la-primera-clave-1");
  await memberPage.getByRole("button", { name: "Crear mi cuenta" }).click();
  await expect(memberPage.getByTestId("clinic-name").filter(visible)).toHaveText(LUNA_ADMIN.clinic);

  // Signed out, from the sign-in page: an unknown email and the member's get the same answer.
  const anon = await browser.newContext();
  watchForCspViolations(anon);
  const anonPage = await anon.newPage();
  await anonPage.goto("/es/sign-in");
  await anonPage.getByRole("link", { name: "¿Olvidaste tu contraseña?" }).click();
  await expect(anonPage).toHaveURL(/\/es\/forgot-password$/);
  for (const address of [`nadie-${tag}@example.test`, email]) {
    await anonPage.goto("/es/forgot-password");
    await anonPage.getByLabel("Correo").fill(address);
    await anonPage.getByRole("button", { name: "Enviar enlace" }).click();
    await expect(anonPage.getByTestId("reset-sent")).toContainText(sent);
  }

  // The email is made just after the answer (the same timing for every address): reload until it is there.
  const resets = page.getByTestId("staff-email").filter({ hasText: "Restablece tu contraseña de Luna" });
  await expect(async () => {
    await page.reload();
    await expect(resets).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(resets.getByTestId("staff-email-to")).toHaveText(email);
  const resetHref = await resets.getByRole("link", { name: "Elegir una contraseña nueva" }).getAttribute("href");
  expect(resetHref).toMatch(/\/es\/reset-password\/[A-Za-z0-9_-]{22}$/);

  await anonPage.goto(resetHref!);
  await anonPage.getByLabel("Contraseña nueva").fill("corta");
  await anonPage.getByRole("button", { name: "Guardar contraseña" }).click();
  await expect(anonPage.getByText("La contraseña debe tener al menos 10 caracteres.")).toBeVisible();
  await anonPage.getByLabel("Contraseña nueva").fill("la-segunda-clave-2");
  await anonPage.getByRole("button", { name: "Guardar contraseña" }).click();
  await expect(anonPage.getByText("Tu contraseña cambió y cerramos tus otras sesiones.")).toBeVisible();

  // The member's browser was signed out by the reset; the new password signs in; the link works once.
  await memberPage.goto("/es/patients");
  await expect(memberPage).toHaveURL(/\/es\/sign-in/);
  await memberPage.getByLabel("Correo electrónico").fill(email);
  await memberPage.getByLabel("Contraseña", { exact: true }).fill("la-segunda-clave-2");
  await memberPage.getByRole("button", { name: "Entrar", exact: true }).click();
  await expect(memberPage.getByTestId("clinic-name").filter(visible)).toHaveText(LUNA_ADMIN.clinic);
  await anonPage.goto(resetHref!);
  await expect(anonPage.getByTestId("reset-invalid")).toBeVisible();
  await member.close();
  await anon.close();
});

test("es: a doctor has no Team entry, and Settings → Team and Team emails are not found for them", async ({ page }) => {
  await signIn(page, { email: "garcia@clinicaluna.mx", clinic: LUNA_ADMIN.clinic });
  await page.goto("/es/settings");
  const settingsNav = page.getByRole("navigation", { name: "Secciones de ajustes" });
  await expect(settingsNav.getByRole("link", { name: "Contraseña" })).toBeVisible();
  await expect(settingsNav.getByRole("link", { name: "Equipo", exact: true })).toHaveCount(0);
  await expect(settingsNav.getByRole("link", { name: "Correos del equipo" })).toHaveCount(0);
  for (const path of ["/es/settings/team", "/es/settings/emails"]) {
    await page.goto(path);
    await expect(page.getByText("404")).toBeVisible();
    await expect(page.getByRole("button", { name: "Enviar invitación" })).toHaveCount(0);
  }
});
