import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import type { Locale } from "@/db/schema";
import { localeFromAcceptLanguage } from "@/lib/links/negotiate-locale";
import { resolveSecureLink } from "@/lib/links/secure-links";

/**
 * "Now" for a link request. Browser tests may move it with the `x-luna-now` header, but only when the
 * server was started with LUNA_E2E_CLOCK=1 (playwright.config.ts); otherwise the header is ignored.
 */
export const linkRequestNow = cache(async (): Promise<Date> => {
  if (process.env.LUNA_E2E_CLOCK === "1") {
    const override = (await headers()).get("x-luna-now");
    const parsed = override ? new Date(override) : null;
    if (parsed && !Number.isNaN(parsed.getTime())) return parsed;
  }
  return new Date();
});

/** The link of this request, looked up once (layout, metadata and page share it). */
export const resolveLinkForRequest = cache(async (token: string) => resolveSecureLink(await getDb(), token, await linkRequestNow()));

/** The page's language: the patient's when the token is known, else the browser's (Spanish by default). */
export const linkPageLocale = cache(async (token: string): Promise<Locale> => {
  const resolved = await resolveLinkForRequest(token);
  if (resolved.status === "ok") return resolved.patient.locale;
  if (resolved.status === "expired" || resolved.status === "revoked") return resolved.locale;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
});
