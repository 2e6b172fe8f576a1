import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * Normalizes what staff type (or what WhatsApp reports) to canonical E.164, or null when invalid.
 *
 * Mexico dropped the mobile "1" after +52 and the 044/045/01 prefixes in 2019, but people still
 * type them and WhatsApp still reports Mexican senders as +521…; libphonenumber-js does not strip
 * them (it calls +5215512345678 invalid), so they are removed here before parsing.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode = "MX"): string | null {
  const input = raw.trim().replace(/^whatsapp:/i, "");
  if (!/^[+\d\s().-]+$/.test(input)) return null;
  const international = input.startsWith("+") || input.startsWith("00");
  let digits = input.replace(/\D/g, "");
  if (input.startsWith("00")) digits = digits.slice(2);

  if (international) {
    if (/^521\d{10}$/.test(digits)) digits = `52${digits.slice(3)}`;
    const parsed = parsePhoneNumberFromString(`+${digits}`);
    return parsed?.isValid() ? parsed.number : null;
  }

  if (defaultCountry === "MX") {
    if (/^04[45]\d{10}$/.test(digits)) digits = digits.slice(3);
    else if (/^01\d{10}$/.test(digits)) digits = digits.slice(2);
    else if (/^521\d{10}$/.test(digits)) digits = digits.slice(3);
    else if (/^52\d{10}$/.test(digits)) digits = digits.slice(2);
  }
  const parsed = parsePhoneNumberFromString(digits, defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/** "+525512345678" → "+52 55 1234 5678" for staff screens. */
/** How staff read a patient's contact in a list: the phone, or the email of a patient who has no phone. */
export function formatContact(patient: { phone: string | null; email: string | null }): string {
  return patient.phone ? formatPhone(patient.phone) : (patient.email ?? "");
}

export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
