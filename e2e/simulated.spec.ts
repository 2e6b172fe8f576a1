import { expect, test } from "./fixtures";
import { LUNA_ADMIN, signIn, visible } from "./helpers";

// The suite's server runs in production without Twilio/Resend keys (LUNA_ALLOW_SIMULATED=1): every staff page says so.
test("every staff page says that messages are simulated, in Spanish and in English", async ({ page }) => {
  await signIn(page, LUNA_ADMIN);
  const banner = page.getByTestId("simulated-banner").filter(visible);
  for (const path of ["/es", "/es/calendar", "/es/patients", "/es/messages", "/es/settings"]) {
    await page.goto(path);
    await expect(banner).toHaveText("Los mensajes son simulados: no llegan a los pacientes");
  }
  await page.goto("/en/patients");
  await expect(banner).toHaveText("Messages are simulated: they do not reach patients");
  await expect(banner).toHaveAttribute("role", "status");
});
