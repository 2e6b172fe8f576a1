import es from "@/messages/es/documents.json";
import en from "@/messages/en/documents.json";
import { localeFromAcceptLanguage } from "./negotiate-locale";
import { standalonePatientPage } from "./standalone-page";

const COPY = { es: es.patientLink, en: en.patientLink };

/** The localized 429 for /l/*: a small standalone page (the proxy answers it before any React renders). */
export function tooManyRequestsResponse(params: { acceptLanguage: string | null; retryAfterSeconds: number }): Response {
  const locale = localeFromAcceptLanguage(params.acceptLanguage);
  return standalonePatientPage({
    status: 429,
    locale,
    title: COPY[locale].tooManyTitle,
    body: COPY[locale].tooManyBody,
    headers: { "retry-after": String(params.retryAfterSeconds) },
  });
}
