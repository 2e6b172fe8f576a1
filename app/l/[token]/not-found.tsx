import { headers } from "next/headers";
import { localeFromAcceptLanguage } from "@/lib/links/negotiate-locale";
import { NotFoundView } from "./_components/not-found-view";

/** Fallback for a notFound() thrown below; the page itself renders NotFoundView for unknown tokens. */
export default async function LinkNotFound() {
  return <NotFoundView locale={localeFromAcceptLanguage((await headers()).get("accept-language"))} />;
}
