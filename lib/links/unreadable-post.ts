import es from "@/messages/es/documents.json";
import en from "@/messages/en/documents.json";
import { localeFromAcceptLanguage } from "./negotiate-locale";
import { standalonePatientPage } from "./standalone-page";

const COPY = { es: es.patientLink, en: en.patientLink };

/**
 * Whether a POST to a patient link carries a body that Next.js can decode into a server action's
 * arguments: a multipart form that parses, or (with a `Next-Action` header and any other type) the JSON
 * array React's `encodeReply` sends. Next.js answers 500 and logs an error for anything else — from the
 * outside, a crafted request on an unauthenticated surface. The proxy reads a clone: Next.js buffers the
 * body for the proxy (up to `proxyClientMaxBodySize`, 10 MB), so the action still reads it afterwards.
 * Form bodies are a patient's answers or a Pay press: small.
 */
export async function isDecodableLinkPost(request: Request): Promise<boolean> {
  const contentType = request.headers.get("content-type")?.toLowerCase() ?? "";
  const isAction = request.headers.has("next-action");
  try {
    if (contentType.startsWith("multipart/form-data") || contentType.startsWith("application/x-www-form-urlencoded")) {
      await request.clone().formData();
      return true;
    }
    if (!isAction) return true;
    return Array.isArray(JSON.parse(await request.clone().text()));
  } catch {
    return false;
  }
}

/** The localized 400 for a link POST whose body cannot be read: nothing ran, nothing was written. */
export function unreadableLinkPostResponse(params: { acceptLanguage: string | null }): Response {
  const locale = localeFromAcceptLanguage(params.acceptLanguage);
  return standalonePatientPage({ status: 400, locale, title: COPY[locale].unreadableTitle, body: COPY[locale].unreadableBody });
}
