import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import type { Locale } from "@/db/schema";
import { localeFromAcceptLanguage } from "@/lib/links/negotiate-locale";
import { resolveSecureLink } from "@/lib/links/secure-links";

/** The moment of this request: layout, metadata, page and views all judge the link at the same instant. */
export const linkRequestNow = cache((): Date => new Date());

/** The link of this request, looked up once (layout, metadata and page share it). */
export const resolveLinkForRequest = cache(async (token: string) => resolveSecureLink(await getDb(), token, linkRequestNow()));

/** The page's language: the patient's when the token is known, else the browser's (Spanish by default). */
export const linkPageLocale = cache(async (token: string): Promise<Locale> => {
  const resolved = await resolveLinkForRequest(token);
  if (resolved.status === "ok") return resolved.patient.locale;
  if (resolved.status === "expired" || resolved.status === "revoked") return resolved.locale;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
});
