import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { GeistSans } from "geist/font/sans";
import { connection } from "next/server";
import { loadMessages } from "@/messages/load";
import { linkPageLocale } from "./_lib/link-request";
import "../../globals.css";

/** UI namespaces patient pages may use on the client (staff strings stay on the server). */
const PATIENT_MESSAGE_NAMESPACES = ["patientLink", "intakeForm"];

export const metadata: Metadata = {
  robots: { index: false, follow: false, nocache: true },
  referrer: "no-referrer",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/**
 * Root layout of the patient pages (/l/<token>): no locale prefix, no sign-in, the patient's language
 * (or the browser's for an unknown token), mobile first.
 */
export default async function PatientLinkLayout({ children, params }: { children: ReactNode; params: Promise<{ token: string }> }) {
  // Rendered per request, for the CSP nonce (see app/[locale]/layout.tsx).
  await connection();
  const { token } = await params;
  const locale = await linkPageLocale(token);
  const all = await loadMessages(locale);
  const messages = Object.fromEntries(PATIENT_MESSAGE_NAMESPACES.filter((ns) => ns in all).map((ns) => [ns, all[ns]]));
  return (
    <html lang={locale} className={GeistSans.variable}>
      <body className="min-h-screen bg-gray-50 font-sans text-gray-900 antialiased">
        <NextIntlClientProvider locale={locale} messages={messages}>
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
