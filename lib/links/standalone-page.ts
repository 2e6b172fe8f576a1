import type { Locale } from "@/db/schema/enums";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * A small self-contained patient page (title and one paragraph, inline styles, no script) for answers the
 * proxy gives before any React renders: 429 (too many attempts) and 404 for a link URL that cannot even be
 * decoded. Never indexed, never cached, no Referer.
 */
export function standalonePatientPage(params: {
  status: number;
  locale: Locale;
  title: string;
  body: string;
  headers?: Record<string, string>;
}): Response {
  const { locale, title, body } = params;
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${escapeHtml(title)}</title>
<style>body{margin:0;font-family:system-ui,sans-serif;background:#f9fafb;color:#111827}main{max-width:28rem;margin:0 auto;padding:2.5rem 1.25rem}h1{font-size:1.5rem;line-height:1.3}p{font-size:1.0625rem;line-height:1.6;color:#374151}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></main></body></html>`;
  return new Response(html, {
    status: params.status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-robots-tag": "noindex, nofollow",
      "referrer-policy": "no-referrer",
      "content-language": locale,
      ...params.headers,
    },
  });
}
