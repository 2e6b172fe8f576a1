/**
 * Makes a value safe for a WhatsApp template variable (and the SMS and email that carry the same words).
 * Twilio/Meta reject a variable that is empty (21656), has a newline or tab, or 4+ spaces in a row (63013):
 * every run of whitespace (newlines, tabs, no-break spaces) becomes one space, the ends are trimmed, and
 * an empty result becomes "-".
 */
export function sanitizeVariable(value: string | null | undefined): string {
  const clean = (value ?? "").replace(/\s+/gu, " ").trim();
  return clean === "" ? "-" : clean;
}
