import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { SOL_ADMIN, signIn, uniqueTag, visible } from "./helpers";
import { uniqueMxNumberForWaitlist } from "./waitlist-helpers";

/**
 * The waitlist from the calendar, at Clínica Sol (America/Tijuana): a patient put on the waitlist from the
 * booking dialog ("no time fits"), a visit cancelled in a clinic that offers freed slots by hand, staff press
 * "Ofrecer" on the freed slot and its dialog shows what the offer came to. The clinic's automatic offers are
 * turned off for the test and back on after it (the suite shares one database). Days four to five weeks
 * ahead, Monday to Thursday, 11:30: no other spec books them.
 */
const CLINIC_ZONE = "America/Tijuana";

function weekdayAhead(days: number) {
  const at = (offset: number) => new Date(Date.now() + offset * 86_400_000);
  const weekday = (offset: number) => new Intl.DateTimeFormat("en-US", { timeZone: CLINIC_ZONE, weekday: "short" }).format(at(offset));
  let offset = days;
  while (["Fri", "Sat", "Sun"].includes(weekday(offset))) offset++;
  return new Intl.DateTimeFormat("en-CA", { timeZone: CLINIC_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(at(offset));
}

const COPY = {
  es: {
    rules: "Reglas de la lista de espera",
    autoOffer: "Ofrecer automáticamente los espacios que se liberen",
    saveRules: "Guardar reglas",
    rulesSaved: "Reglas guardadas.",
    bookTitle: "Agendar cita",
    newPatient: "Paciente nuevo",
    firstName: "Nombre",
    lastName: "Apellidos",
    phone: "Teléfono celular",
    createPatient: "Registrar y elegir",
    change: "Cambiar",
    noTimeFits: "¿Ningún horario le queda? Agregar a la lista de espera",
    chooseFirst: "Primero elige o registra al paciente arriba.",
    add: "Agregar",
    added: "Se agregó a la lista de espera.",
    book: "Agendar",
    booked: "Cita agendada.",
    cancel: "Cancelar cita",
    cancelConfirm: "Sí, cancelar cita",
    cancelledStatus: "Cancelada",
    freedTitle: "Espacio liberado",
    byHand: "La clínica ofrece los espacios liberados solo cuando lo pides.",
    offer: "Ofrecer",
    offered: "Espacio ofrecido a la lista de espera",
    summary: /Ofrecido a \d+ pacientes?/,
    remove: (name: string) => `Quitar a ${name} de la lista de espera`,
  },
  en: {
    rules: "Waitlist rules",
    autoOffer: "Offer freed slots automatically",
    saveRules: "Save rules",
    rulesSaved: "Rules saved.",
    bookTitle: "Book an appointment",
    newPatient: "New patient",
    firstName: "First name",
    lastName: "Last name",
    phone: "Mobile phone",
    createPatient: "Register and choose",
    change: "Change",
    noTimeFits: "No time fits? Add to the waitlist",
    chooseFirst: "First choose or register the patient above.",
    add: "Add",
    added: "Added to the waitlist.",
    book: "Book",
    booked: "Appointment booked.",
    cancel: "Cancel appointment",
    cancelConfirm: "Yes, cancel it",
    cancelledStatus: "Cancelled",
    freedTitle: "Freed slot",
    byHand: "The clinic offers freed slots only when you ask.",
    offer: "Offer",
    offered: "Slot offered to the waitlist",
    summary: /Offered to \d+ patients?/,
    remove: (name: string) => `Remove ${name} from the waitlist`,
  },
} as const;

type Copy = (typeof COPY)[keyof typeof COPY];

/** Sets the clinic's "offer automatically" rule on the Waitlist page (admins). */
async function setAutoOffer(page: Page, locale: "es" | "en", on: boolean) {
  const c = COPY[locale];
  await page.goto(`/${locale}/waitlist`);
  await page.getByText(c.rules).click();
  const form = page.getByRole("form", { name: c.rules });
  await form.getByLabel(c.autoOffer).setChecked(on);
  await form.getByRole("button", { name: c.saveRules }).click();
  await expect(page.getByText(c.rulesSaved).first()).toBeVisible();
}

async function registerInPicker(booking: Locator, c: Copy, firstName: string, lastName: string) {
  const phone = uniqueMxNumberForWaitlist();
  await booking.getByRole("button", { name: c.newPatient }).click();
  await booking.getByLabel(c.firstName, { exact: true }).fill(firstName);
  await booking.getByLabel(c.lastName).fill(lastName);
  await booking.getByLabel(c.phone).fill(phone.typed);
  await booking.getByRole("button", { name: c.createPatient }).click();
  await expect(booking.getByTestId("chosen-patient")).toContainText(`${firstName} ${lastName}`);
}

for (const locale of ["es", "en"] as const) {
  test(`waitlist from the calendar (${locale}): add from the booking dialog, cancel, "${COPY[locale].offer}" the freed slot, see its summary`, async ({
    page,
  }) => {
    test.setTimeout(150_000);
    const c = COPY[locale];
    const tag = uniqueTag();
    const waiting = `Elena Calendario ${tag}`;
    const day = weekdayAhead(locale === "es" ? 29 : 33);
    await signIn(page, SOL_ADMIN, { locale });
    await setAutoOffer(page, locale, false);
    try {
      await page.goto(`/${locale}/calendar?date=${day}&view=day`);
      await expect(page.getByTestId("calendar").filter(visible)).toBeVisible();
      const lane = page.locator(`.luna-calendar [data-time="11:30:00"]`).last();
      await lane.scrollIntoViewIfNeeded();
      const box = (await lane.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const booking = page.getByTestId("booking-dialog");
      await expect(booking.getByRole("heading", { name: c.bookTitle })).toBeVisible();

      // No time fits this patient: put her on the waitlist from the booking dialog (after choosing her).
      const fromBooking = booking.getByTestId("booking-waitlist");
      await fromBooking.getByText(c.noTimeFits).click();
      await expect(fromBooking.getByText(c.chooseFirst)).toBeVisible();
      await registerInPicker(booking, c, "Elena", `Calendario ${tag}`);
      await fromBooking.getByRole("button", { name: c.add, exact: true }).click();
      await expect(page.locator("[data-sonner-toast]").filter({ hasText: c.added })).toBeVisible();

      // Another patient takes the slot, then cancels.
      await booking.getByRole("button", { name: c.change }).click();
      await registerInPicker(booking, c, "Hugo", `Calendario ${tag}`);
      await booking.getByRole("button", { name: c.book, exact: true }).click();
      await expect(booking).toBeHidden();
      await expect(page.locator("[data-sonner-toast]").filter({ hasText: c.booked })).toBeVisible();
      const event = page.getByTestId("calendar-event").filter({ hasText: `Hugo Calendario ${tag}` });
      await event.click();
      const detail = page.getByTestId("appointment-dialog");
      await detail.getByRole("button", { name: c.cancel }).click();
      await page.getByTestId("cancel-dialog").getByRole("button", { name: c.cancelConfirm }).click();
      await expect(detail.getByTestId("appointment-dialog-status")).toHaveText(c.cancelledStatus);

      // The clinic offers by hand: the freed slot says so, and "Offer" runs the offer.
      const freed = detail.getByTestId("freed-slot-offer");
      await expect(freed.getByRole("heading", { name: c.freedTitle })).toBeVisible();
      await expect(freed).toContainText(c.byHand);
      await freed.getByRole("button", { name: c.offer, exact: true }).click();
      await expect(page.locator("[data-sonner-toast]").filter({ hasText: c.offered })).toBeVisible();
      await expect(freed.getByTestId("freed-slot-summary")).toContainText(c.summary);
      await expect(freed.getByRole("button", { name: c.offer, exact: true })).toHaveCount(0);

      // Opened again later, the freed slot still shows what its offer came to.
      await page.keyboard.press("Escape");
      await expect(detail).toBeHidden();
      await event.click();
      await expect(detail.getByTestId("freed-slot-summary")).toContainText(c.summary);
    } finally {
      await setAutoOffer(page, locale, true);
      await page.goto(`/${locale}/waitlist`);
      const remove = page.getByRole("button", { name: c.remove(waiting) });
      if (await remove.count()) await remove.click();
    }
    await expect(page.getByRole("button", { name: c.remove(waiting) })).toHaveCount(0);
  });
}
