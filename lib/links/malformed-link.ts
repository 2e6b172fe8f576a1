import es from "@/messages/es/documents.json";
import en from "@/messages/en/documents.json";
import { localeFromAcceptLanguage } from "./negotiate-locale";
import { standalonePatientPage } from "./standalone-page";

const COPY = { es: es.patientLink, en: en.patientLink };

/**
 * The localized 404 for a link URL that cannot be decoded (`/l/%E0%A4%A`): no token can be read from it,
 * and Next.js cannot route it, so the proxy answers with the "link not found" words itself.
 */
export function malformedLinkResponse(params: { acceptLanguage: string | null }): Response {
  const locale = localeFromAcceptLanguage(params.acceptLanguage);
  return standalonePatientPage({ status: 404, locale, title: COPY[locale].notFoundTitle, body: COPY[locale].notFoundBody });
}
