import { getDb } from "@/db/client";
import { unsubscribeLocale, unsubscribeWithToken } from "@/lib/campaigns/unsubscribe";
import { loadMessages } from "@/messages/load";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function page(locale: "es" | "en", body: string, status = 200) {
  const messages = (await loadMessages(locale)) as { campaigns: { unsubscribe: Record<string, string> } };
  const t = (key: string) => messages.campaigns.unsubscribe[key] ?? key;
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="robots" content="noindex"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(t("title"))}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">${body.replace(/\{t:(\w+)\}/g, (_, key: string) => escape(t(key)))}</body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

/** The link in a campaign email: asks to confirm (a GET never unsubscribes: mail scanners follow links). */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const locale = await unsubscribeLocale(await getDb(), token);
  if (!locale) return page("es", "<p>{t:invalid}</p>", 404);
  return page(locale, `<h1>{t:title}</h1><p>{t:confirm}</p><form method="post"><button type="submit">{t:button}</button></form>`);
}

/** One-click unsubscribe (RFC 8058 `List-Unsubscribe=One-Click`, and the page's button): marketing consent on email only. */
export async function POST(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const result = await unsubscribeWithToken(await getDb(), { token, now: new Date() });
  if (!result.ok || !result.locale) return page("es", "<p>{t:invalid}</p>", 404);
  return page(result.locale, "<h1>{t:title}</h1><p>{t:done}</p>");
}
