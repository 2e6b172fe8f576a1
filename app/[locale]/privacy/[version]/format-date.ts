/** "2025-03-21" as a long date in the page's language (a calendar day: no zone involved). */
export function formatDate(day: string, locale: string) {
  const [year, month, dayOfMonth] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, dayOfMonth)),
  );
}
