import es from "@/messages/es/documents.json";
import en from "@/messages/en/documents.json";
import { localeFromAcceptLanguage } from "./negotiate-locale";

const COPY = { es: es.patientLink, en: en.patientLink };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The localized 429 for /l/*: a small standalone page (the proxy answers it before any React renders). */
export function tooManyRequestsResponse(params: { acceptLanguage: string | null; retryAfterSeconds: number }): Response {
  const locale = localeFromAcceptLanguage(params.acceptLanguage);
  const copy = COPY[locale];
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${escapeHtml(copy.tooManyTitle)}</title>
<style>body{margin:0;font-family:system-ui,sans-serif;background:#f9fafb;color:#111827}main{max-width:28rem;margin:0 auto;padding:2.5rem 1.25rem}h1{font-size:1.5rem;line-height:1.3}p{font-size:1.0625rem;line-height:1.6;color:#374151}</style>
</head><body><main><h1>${escapeHtml(copy.tooManyTitle)}</h1><p>${escapeHtml(copy.tooManyBody)}</p></main></body></html>`;
  return new Response(html, {
    status: 429,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "retry-after": String(params.retryAfterSeconds),
      "cache-control": "no-store",
      "x-robots-tag": "noindex, nofollow",
      "referrer-policy": "no-referrer",
      "content-language": locale,
    },
  });
}
