import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { localeFromAcceptLanguage } from "@/lib/links/negotiate-locale";
import { NotFoundView } from "./_components/not-found-view";

const requestLocale = async () => localeFromAcceptLanguage((await headers()).get("accept-language"));

/**
 * With a 404 status line (proxy.ts answers an unknown link with one) Next.js takes the head from this
 * boundary, not from the page's generateMetadata: the same title as the page.
 */
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations({ locale: await requestLocale(), namespace: "patientLink" });
  return { title: t("notFoundTitle"), robots: { index: false, follow: false, nocache: true }, referrer: "no-referrer" };
}

/** Fallback for a notFound() thrown below; the page itself renders NotFoundView for unknown tokens. */
export default async function LinkNotFound() {
  return <NotFoundView locale={await requestLocale()} />;
}
