/**
 * Provider error messages sometimes quote the address ("The 'To' number +5255… is not a valid
 * phone number"). Error messages end up in logs and in `deliveries.error_message`, which must never
 * hold a phone number or an email address, so both are masked before a ChannelError is built.
 */
const PHONE = /(?:whatsapp:)?\+?\d[\d\s().-]{6,}\d/g;
const EMAIL = /[^\s@<>"'`,;:()]+@[^\s@<>"'`,;:()]+\.[^\s@<>"'`,;:()]+/g;

export function redactContact(text: string): string {
  return text.replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}
