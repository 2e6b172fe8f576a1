import { expect, test } from "./fixtures";
import { LUNA_ADMIN, patientTotal, signIn, visible } from "./helpers";

const words = {
  es: { patients: /^(\d+) pacientes?/, week: /^(\d+) citas? esta semana|^Sin citas esta semana/, heading: "Pacientes" },
  en: { patients: /^(\d+) patients?/, week: /^(\d+) appointments? this week|^No appointments this week/, heading: "Patients" },
} as const;

const numberIn = (text: string | null) => Number(/\d+/.exec(text ?? "")?.[0] ?? 0);

for (const locale of ["es", "en"] as const) {
  test(`home cards link to what they count (${locale})`, async ({ page }) => {
    await signIn(page, LUNA_ADMIN, { locale });
    await page.goto(`/${locale}`);
    const patientsCard = page.getByTestId("home-patients").filter(visible);
    const weekCard = page.getByTestId("home-week").filter(visible);
    await expect(patientsCard).toContainText(words[locale].patients);
    await expect(weekCard).toContainText(words[locale].week);
    const patients = numberIn(await patientsCard.textContent());
    // The count, not the first number in the card: "Sin citas esta semana · 30 nov – 6 dic" counts 0, not 30.
    const weekCount = Number(words[locale].week.exec((await weekCard.textContent()) ?? "")?.[1] ?? 0);

    await patientsCard.click();
    await expect(page.getByRole("heading", { level: 1, name: words[locale].heading })).toBeVisible();
    expect(await patientTotal(page)).toBe(patients);

    await page.goBack();
    await page.getByTestId("home-week").filter(visible).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/calendar\\?view=week&date=\\d{4}-\\d{2}-\\d{2}$`));
    const calendar = page.getByTestId("calendar").filter(visible);
    await expect(calendar).toBeVisible();
    // The week view shows the same visits the card counts (cancelled ones are drawn struck through, not counted).
    await expect(calendar.getByTestId("calendar-event").and(page.locator(":not([data-status='cancelled'])"))).toHaveCount(weekCount);
  });
}
