import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, LUNA_ADMIN, signInInNewContext, visible } from "./helpers";

// A demo account no other spec signs in with: this one gets locked.
const LOPEZ = { email: "lopez@clinicaluna.mx", name: "Dra. López", clinic: "Clínica Luna" } as const;

test("five wrong passwords lock the account, even against the right one (es, en); an admin unlocks it in Settings → Security", async ({
  page,
  browser,
}) => {
  await page.goto("/es/sign-in");
  const email = page.getByLabel("Correo electrónico");
  const password = page.getByLabel("Contraseña");
  const submit = page.getByRole("button", { name: "Entrar", exact: true });
  const error = page.getByRole("alert").filter({ hasText: /\S/ });
  for (let i = 1; i <= 4; i++) {
    await email.fill(LOPEZ.email);
    await password.fill(`wrong-${i}`);
    await submit.click();
    await expect(error).toHaveText("El correo o la contraseña no son correctos.");
    await expect(submit).toBeEnabled();
  }
  await email.fill(LOPEZ.email);
  await password.fill("wrong-5");
  await submit.click();
  await expect(error).toHaveText("Demasiados intentos fallidos. Vuelve a intentarlo en 15 minutos.");

  // The right password changes nothing while the lock lasts, in English too.
  await page.goto("/en/sign-in");
  await page.getByLabel("Email").fill(LOPEZ.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(/^Too many failed attempts\. Try again in 1[45] minutes\.$/);
  await expect(page).toHaveURL(/\/en\/sign-in$/);

  // The admin sees the lock and lifts it.
  const admin = await signInInNewContext(browser, LUNA_ADMIN);
  await admin.page.goto("/es/settings");
  await admin.page.getByRole("link", { name: "Seguridad" }).click();
  await expect(admin.page.getByRole("heading", { level: 1, name: "Seguridad" })).toBeVisible();
  const row = admin.page.getByRole("row").filter({ hasText: LOPEZ.name }).filter(visible);
  await expect(row).toContainText(/Bloqueada hasta las \d{1,2}:\d{2}/);
  await admin.page.screenshot({ path: "test-results/security-locked-es.png", fullPage: true });
  await row.getByRole("button", { name: `Desbloquear: ${LOPEZ.name}` }).click();
  await expect(admin.page.getByText("Cuenta desbloqueada.")).toBeVisible();
  await expect(row).toContainText("Activa");
  await expect(row.getByRole("button")).toHaveCount(0);
  await admin.context.close();

  // Its owner signs in at once; a doctor has no Security page.
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("clinic-name").filter(visible)).toHaveText(LOPEZ.clinic);
  await page.goto("/en/settings");
  await expect(page.getByRole("navigation", { name: "Settings sections" }).getByRole("link")).not.toContainText(["Security"]);
  const direct = await page.goto("/en/settings/security");
  expect(direct?.status()).toBe(404);
});
