import { expectNoSeriousViolations } from "./axe";
import { expect, test, watchForCspViolations } from "./fixtures";
import { unusedMexicoCityNumber, uniqueTag, visible } from "./helpers";

/**
 * Issue 17's walk, timed: a clinic signs itself up, confirms its email from the embedded outbox, signs in,
 * invites a doctor (who accepts from Team emails), sets her hours, books a test visit and sees its
 * confirmation in the message log, while home's setup checklist turns each step done. Every run signs up
 * a clinic of its own (unique emails), so no other spec's data is touched.
 */
const WORDS = {
  es: {
    createAccount: "Crea una cuenta",
    signUpTitle: "Crea la cuenta de tu clínica",
    clinicName: "Nombre de la clínica",
    timezone: "Zona horaria",
    currency: "Moneda",
    adminName: "Tu nombre",
    email: "Tu correo",
    password: "Contraseña",
    submit: "Crear mi clínica",
    passwordShort: "La contraseña debe tener al menos 10 caracteres.",
    sent: "Revisa tu correo",
    confirmLink: "Confirmar mi correo",
    confirm: "Confirmar y crear mi clínica",
    confirmed: "Listo: tu clínica está creada.",
    goToSignIn: "Iniciar sesión",
    invalid: "El enlace no existe, ya se usó o venció",
    signInEmail: "Correo electrónico",
    signIn: "Entrar",
    setup: "Configura tu clínica",
    trial: "Tu prueba gratis termina el",
    done: "Listo",
    todo: "Pendiente",
    invite: "Invitar",
    teamEmail: "Correo",
    role: "Rol",
    sendInvite: "Enviar invitación",
    teamEmails: "Correos del equipo",
    accept: "Aceptar la invitación",
    inviteeName: "Tu nombre",
    createMine: "Crear mi cuenta",
    setHours: "Definir horarios",
    doctorsTitle: "Médicos",
    week: ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"],
    save: "Guardar",
    saved: (name: string) => `Se guardaron los datos de ${name}.`,
    newPatient: "Nuevo paciente",
    firstName: "Nombre",
    lastName: "Apellidos",
    phone: "Teléfono celular",
    upcoming: "Próximas citas",
    startsAt: "Fecha y hora",
    book: "Agendar",
    booked: "Cita agendada.",
    openLog: "Abrir el registro",
    confirmation: "Confirmación",
    skipWhatsapp: "Seguir en simulado por ahora",
    allDone: "¡Todo listo!",
    dismiss: "Ocultar esta lista",
  },
  en: {
    createAccount: "Create an account",
    signUpTitle: "Create your clinic's account",
    clinicName: "Clinic name",
    timezone: "Time zone",
    currency: "Currency",
    adminName: "Your name",
    email: "Your email",
    password: "Password",
    submit: "Create my clinic",
    passwordShort: "The password must be at least 10 characters long.",
    sent: "Check your email",
    confirmLink: "Confirm my email",
    confirm: "Confirm and create my clinic",
    confirmed: "Done: your clinic is created.",
    goToSignIn: "Sign in",
    invalid: "The link does not exist, was already used or expired",
    signInEmail: "Email",
    signIn: "Sign in",
    setup: "Set up your clinic",
    trial: "Your free trial ends on",
    done: "Done",
    todo: "To do",
    invite: "Invite",
    teamEmail: "Email",
    role: "Role",
    sendInvite: "Send invitation",
    teamEmails: "Team emails",
    accept: "Accept the invitation",
    inviteeName: "Your name",
    createMine: "Create my account",
    setHours: "Set hours",
    doctorsTitle: "Doctors",
    week: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    save: "Save",
    saved: (name: string) => `${name}'s details were saved.`,
    newPatient: "New patient",
    firstName: "First name",
    lastName: "Last name",
    phone: "Mobile phone",
    upcoming: "Upcoming appointments",
    startsAt: "Date and time",
    book: "Book",
    booked: "Appointment booked.",
    openLog: "Open the log",
    confirmation: "Confirmation",
    skipWhatsapp: "Stay on simulated for now",
    allDone: "All set!",
    dismiss: "Hide this list",
  },
} as const;

/** A datetime-local value N days from now at `hour` (Mexico City: the browser's and the new clinic's zone). */
function daysAhead(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const part = (type: string) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: "America/Mexico_City", year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(d)
      .find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}T${String(hour).padStart(2, "0")}:00`;
}

for (const locale of ["es", "en"] as const) {
  const w = WORDS[locale];
  test(`${locale}: a clinic signs up, confirms its email, invites a doctor, sets her hours, books a visit and sees its confirmation; the checklist follows`, async ({
    page,
    browser,
  }) => {
    test.setTimeout(180_000);
    const started = Date.now();
    const tag = uniqueTag();
    const clinicName = `Consultorio ${tag}`;
    const adminEmail = `alta-${tag}@example.test`;
    const adminPassword = "mi-clinica-nueva-2026";
    const doctorEmail = `dra-${tag}@example.test`;
    const doctorName = `Dra. Alta ${tag}`;
    // The log shows a patient's first name only: it carries the tag.
    const patientFirst = `Ana${tag}`;
    const patientLast = `Prueba ${tag}`;
    const step = (name: string) => page.getByTestId(`setup-step-${name}`).getByTestId("setup-step-status");

    // Sign-up, from the sign-in page. A short password: a localized error, what was typed kept.
    await page.goto(`/${locale}/sign-in`);
    await page.getByRole("link", { name: w.createAccount }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/sign-up$`));
    await expect(page.getByRole("heading", { level: 1, name: w.signUpTitle })).toBeVisible();
    await page.getByLabel(w.clinicName).fill(clinicName);
    await expect(page.getByLabel(w.timezone)).toHaveValue("America/Mexico_City");
    await page.getByLabel(w.currency).selectOption("MXN");
    await page.getByLabel(w.adminName).fill(`Admin ${tag}`);
    await page.getByLabel(w.email).fill(adminEmail);
    await page.getByLabel(w.password, { exact: true }).fill("corta");
    await page.getByRole("button", { name: w.submit }).click();
    await expect(page.getByText(w.passwordShort)).toBeVisible();
    await expect(page.getByLabel(w.clinicName)).toHaveValue(clinicName);
    await expectNoSeriousViolations(page, `sign-up with an error (${locale})`);
    await page.getByLabel(w.password, { exact: true }).fill(adminPassword);
    await page.getByRole("button", { name: w.submit }).click();
    await expect(page.getByTestId("sign-up-sent")).toContainText(w.sent);

    // The embedded mode shows the email it would have sent; the link confirms once.
    const href = await page.getByTestId("sign-up-embedded-email").getByRole("link", { name: w.confirmLink }).getAttribute("href");
    expect(href).toMatch(new RegExp(`/${locale}/sign-up/confirm/[A-Za-z0-9_-]{22}$`));
    await page.goto(href!);
    await page.getByRole("button", { name: w.confirm }).click();
    await expect(page.getByTestId("sign-up-confirmed")).toContainText(w.confirmed);
    await page.goto(href!);
    await expect(page.getByTestId("sign-up-invalid")).toContainText(w.invalid);

    // Sign in: home shows the checklist and the trial.
    await page.goto(`/${locale}/sign-in`);
    await page.getByLabel(w.signInEmail).fill(adminEmail);
    await page.getByLabel(w.password, { exact: true }).fill(adminPassword);
    await page.getByRole("button", { name: w.signIn, exact: true }).click();
    await expect(page.getByTestId("clinic-name").filter(visible)).toHaveText(clinicName);
    const checklist = page.getByTestId("setup-checklist").filter(visible);
    await expect(checklist.getByRole("heading", { name: w.setup })).toBeVisible();
    await expect(checklist.getByTestId("trial-ends")).toContainText(w.trial);
    await expect(step("channels")).toHaveText(w.done);
    for (const name of ["doctors", "hours", "whatsapp", "testVisit", "messageLog"]) await expect(step(name)).toHaveText(w.todo);
    await expectNoSeriousViolations(page, `home with the setup checklist (${locale})`);

    // Invite a doctor; she accepts from Team emails in a browser of her own.
    await page.getByTestId("setup-step-doctors").getByRole("link", { name: w.invite }).click();
    await page.getByLabel(w.teamEmail, { exact: true }).fill(doctorEmail);
    await page.getByLabel(w.role, { exact: true }).selectOption("doctor");
    await page.getByRole("button", { name: w.sendInvite }).click();
    await page.getByRole("link", { name: w.teamEmails, exact: true }).filter(visible).click();
    const invitation = await page
      .getByTestId("staff-email")
      .filter({ hasText: doctorEmail })
      .getByRole("link", { name: w.accept })
      .getAttribute("href");
    const doctor = await browser.newContext();
    watchForCspViolations(doctor);
    const doctorPage = await doctor.newPage();
    await doctorPage.goto(invitation!);
    await doctorPage.getByLabel(w.inviteeName).fill(doctorName);
    await doctorPage.getByLabel(w.password, { exact: true }).fill("la-clave-de-la-dra-1");
    await doctorPage.getByRole("button", { name: w.createMine }).click();
    await expect(doctorPage.getByTestId("clinic-name").filter(visible)).toHaveText(clinicName);
    await doctor.close();

    // Her hours, every day 07:00–22:00.
    await page.goto(`/${locale}`);
    await expect(step("doctors")).toHaveText(w.done);
    await page.getByTestId("setup-step-hours").getByRole("link", { name: w.setHours }).click();
    await expect(page.getByRole("heading", { level: 1, name: w.doctorsTitle })).toBeVisible();
    const card = page.getByTestId("doctor-card").filter({ has: page.getByRole("heading", { name: doctorName }) });
    for (const day of w.week) await card.getByLabel(day, { exact: true }).fill("07:00-22:00");
    await card.getByRole("button", { name: w.save }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: w.saved(doctorName) })).toBeVisible();

    // A test visit for the admin as a patient, inside her hours.
    await page.goto(`/${locale}`);
    await expect(step("hours")).toHaveText(w.done);
    await page.getByTestId("setup-step-testVisit").getByRole("link", { name: w.newPatient }).click();
    await page.getByLabel(w.firstName, { exact: true }).fill(patientFirst);
    await page.getByLabel(w.lastName).fill(patientLast);
    await page.getByLabel(w.phone).fill(unusedMexicoCityNumber().typed);
    await page.getByRole("button", { name: w.save }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/patients/[0-9a-f-]{36}`));
    const booking = page.getByRole("region", { name: w.upcoming });
    await booking.getByLabel(w.startsAt).fill(daysAhead(3, 10));
    await booking.getByRole("button", { name: w.book, exact: true }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: w.booked })).toBeVisible();

    // Its confirmation in the message log (the embedded scheduler sends it at once, to the outbox).
    await page.goto(`/${locale}`);
    await expect(step("testVisit")).toHaveText(w.done);
    await page.getByTestId("setup-step-messageLog").getByRole("link", { name: w.openLog }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/messages`));
    const row = page.getByTestId("log-row").filter(visible).filter({ hasText: patientFirst });
    await expect(async () => {
      await page.reload();
      await expect(row.filter({ hasText: w.confirmation }).first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });

    // Home: all done but WhatsApp; staying simulated finishes the list; hiding it hides it.
    await page.goto(`/${locale}`);
    await expect(step("messageLog")).toHaveText(w.done);
    await expect(step("whatsapp")).toHaveText(w.todo);
    await page.getByRole("button", { name: w.skipWhatsapp }).click();
    await expect(step("whatsapp")).toHaveText(w.done);
    await expect(checklist).toContainText(w.allDone);
    await page.getByRole("button", { name: w.dismiss }).click();
    await expect(page.getByTestId("setup-checklist")).toHaveCount(0);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `[signup walk ${locale}] from sign-up to a finished checklist (the first confirmation in the log on the way): ${seconds} s`,
    );
  });
}

test("es: an email already in use gets the same 'check your email'; the email says it has an account and no link makes a clinic", async ({
  page,
}) => {
  await page.goto("/es/sign-up");
  await page.getByLabel("Nombre de la clínica").fill(`Otra ${uniqueTag()}`);
  await page.getByLabel("Tu nombre").fill("Alguien");
  await page.getByLabel("Tu correo").fill("admin@clinicaluna.mx");
  await page.getByLabel("Contraseña", { exact: true }).fill("una-clave-cualquiera");
  await page.getByRole("button", { name: "Crear mi clínica" }).click();
  await expect(page.getByTestId("sign-up-sent")).toContainText("Revisa tu correo");
  const mail = page.getByTestId("sign-up-embedded-email");
  await expect(mail).toContainText("Ya tienes una cuenta en Luna");
  await expect(mail.getByRole("link")).toHaveAttribute("href", /\/es\/sign-in$/);
});
