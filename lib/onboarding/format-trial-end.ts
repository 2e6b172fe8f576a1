/** The trial's last day as admins read it: "28 de octubre de 2026" / "October 28, 2026", on the clinic's calendar. */
export function formatTrialEnd(date: Date, params: { locale: string; timeZone: string }) {
  return new Intl.DateTimeFormat(params.locale === "en" ? "en-US" : "es-MX", { dateStyle: "long", timeZone: params.timeZone }).format(date);
}
