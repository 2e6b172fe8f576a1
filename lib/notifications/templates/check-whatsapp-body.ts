import { listPlaceholders } from "./fill-placeholders";

/** Meta's limit on a template body, and on the body once its variables are filled (Twilio 63021). */
export const WHATSAPP_BODY_MAX_CHARS = 1024;

/**
 * The reasons Meta would reject this template body; empty when it passes. Stricter than Meta's wording on
 * purpose: the text before the first, after the last and between any two placeholders must contain a
 * letter or digit (Meta rejects "{{1}} {{2}}", and punctuation alone is a gamble).
 */
export function findWhatsAppBodyProblems(body: string): string[] {
  const problems: string[] = [];
  if (body.length > WHATSAPP_BODY_MAX_CHARS) problems.push(`longer than ${WHATSAPP_BODY_MAX_CHARS} characters`);
  if (/^[^\p{L}\p{N}]*\{\{/u.test(body)) problems.push("starts with a variable");
  if (/\}\}[^\p{L}\p{N}]*$/u.test(body)) problems.push("ends with a variable");
  if (/\}\}[^\p{L}\p{N}]*\{\{/u.test(body)) problems.push("has two adjacent variables");
  if (/[\n\r\t]| {4,}/.test(body)) problems.push("has a newline, a tab or 4+ spaces in a row");
  const placeholders = listPlaceholders(body);
  if (placeholders.some((n, i) => n !== i + 1)) problems.push("placeholders are not {{1}}…{{n}} in order, each once");
  if (/\{\{(?!\d+\}\})|(?<!\{\{\d+)\}\}/.test(body)) problems.push("has a malformed placeholder");
  return problems;
}
