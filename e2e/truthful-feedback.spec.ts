import { expect, test } from "./fixtures";
import { LUNA_ADMIN, openPatients, signIn, visible } from "./helpers";

/**
 * What staff are told is what the patient gets. Tomás Sin Mensajes (e2e/seed-fixtures.ts) wrote BAJA on
 * WhatsApp and has no email: with the clinic's defaults (confirmation by WhatsApp or email, reminder by
 * WhatsApp), no message of his booking can go out, and the screen says so, per message.
 */
function inDays(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

for (const locale of ["es", "en"] as const) {
  const words =
    locale === "es"
      ? {
          book: "Agendar",
          when: "Fecha y hora",
          booked: "Cita agendada.",
          confirmation: "Confirmación por WhatsApp: no se enviará, el paciente no quiere mensajes por este canal",
          reminder: "Recordatorio por WhatsApp: no se enviará, el paciente no quiere mensajes por este canal",
          off: "Recordatorio 1 h: no se enviará, desactivado en la configuración",
          timeline: "No se enviará: el paciente no quiere mensajes por este canal",
          cancel: "Cancelar cita",
          cancelled: "Cita cancelada.",
          cancellation: "Cancelación por WhatsApp: no se enviará, el paciente no quiere mensajes por este canal",
        }
      : {
          book: "Book",
          when: "Date and time",
          booked: "Appointment booked.",
          confirmation: "Confirmation by WhatsApp: will not be sent, the patient opted out of this channel",
          reminder: "Reminder by WhatsApp: will not be sent, the patient opted out of this channel",
          off: "1 h reminder: will not be sent, turned off in Settings",
          timeline: "Will not be sent: the patient opted out of this channel",
          cancel: "Cancel appointment",
          cancelled: "Appointment cancelled.",
          cancellation: "Cancellation by WhatsApp: will not be sent, the patient opted out of this channel",
        };

  test(`${locale}: booking for a patient opted out of WhatsApp says every message will not be sent`, async ({ page }) => {
    await signIn(page, LUNA_ADMIN, { locale });
    await openPatients(page, locale, "Sin Mensajes");
    await page
      .getByRole("link", { name: /Sin Mensajes, Tomás/ })
      .filter(visible)
      .click();
    await page.getByLabel(words.when).fill(inDays(locale === "es" ? 15 : 16, 9));
    await page.getByRole("button", { name: words.book, exact: true }).click();
    const toast = page.locator("[data-sonner-toast]").filter({ hasText: words.booked });
    await expect(toast).toContainText(words.confirmation);
    await expect(toast).toContainText(words.reminder);
    await expect(toast).toContainText(words.off);
    await expect(toast).not.toContainText(locale === "es" ? "sale ahora" : "going out now");
    const shots = process.env.E2E_SCREENSHOTS;
    if (shots) await page.screenshot({ path: `${shots}/opted-out-booking-${locale}.png` });

    // The visit's timeline says the same of the reminder still to go.
    const visit = page
      .getByTestId("appointment")
      .filter({ hasNotText: locale === "es" ? "Cancelada" : "Cancelled" })
      .first();
    const reminder = visit.getByTestId("timeline-message").and(page.locator('[data-type="reminder"]'));
    await expect(reminder.getByTestId("will-not-send")).toHaveText(words.timeline);

    // Cancelling: the notice will not be sent either.
    page.once("dialog", (dialog) => dialog.accept());
    await visit.getByRole("button", { name: words.cancel }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: words.cancelled })).toContainText(words.cancellation);
  });
}
