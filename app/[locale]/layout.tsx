import type { Metadata } from "next";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { hasLocale, NextIntlClientProvider } from "next-intl";
import { getTranslations } from "next-intl/server";
import { GeistSans } from "geist/font/sans";
import { Toaster } from "sonner";
import { routing } from "@/i18n/routing";
import "../globals.css";

export function generateStaticParams() {
  return routing.locales.map((locale) => ({ locale }));
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return { title: { default: t("title"), template: `%s · ${t("title")}` }, description: t("description") };
}

export default async function LocaleLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  // Rendered per request: Next.js puts this request's CSP nonce (proxy.ts) on its scripts; a prerendered
  // page would carry none, and the browser would refuse its scripts.
  await connection();
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  return (
    <html lang={locale} className={GeistSans.variable}>
      <body className="min-h-screen bg-gray-50 font-sans text-gray-900 antialiased">
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
        {/* Bottom right: the header (language, sign-out) and each page's top-right actions (CSV, new…) stay uncovered. */}
        <Toaster position="bottom-right" richColors closeButton />
      </body>
    </html>
  );
}
