import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { routing } from "@/i18n/routing";
import { CURRENT_PRIVACY_NOTICE_VERSION } from "@/db/schema/campaign-lists";
import { isPrivacyNoticeVersion, PRIVACY_NOTICE_VERSIONS, privacyNoticePath } from "@/lib/campaigns/privacy-notice";
import { formatDate } from "./format-date";

const SECTIONS = ["controller", "data", "necessary", "voluntary", "sensitive", "sharing", "rights", "withdraw", "changes"] as const;

export function generateStaticParams() {
  return routing.locales.flatMap((locale) => Object.keys(PRIVACY_NOTICE_VERSIONS).map((version) => ({ locale, version })));
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("privacyNotice"))("title") };
}

/**
 * The privacy notice (aviso de privacidad), one page per version: public (no sign-in), the version a
 * consent record cites stays readable. It separates the purposes care needs from the voluntary ones
 * (health campaigns), as Mexico's 2025 data-protection law asks.
 */
export default async function PrivacyNoticePage({ params }: { params: Promise<{ locale: string; version: string }> }) {
  const { locale, version } = await params;
  if (!isPrivacyNoticeVersion(version)) notFound();
  const t = await getTranslations("privacyNotice");
  const { key, effectiveOn } = PRIVACY_NOTICE_VERSIONS[version];
  return (
    <main className="mx-auto max-w-2xl px-4 py-10">
      <article className="space-y-5 rounded-xl bg-white p-6 shadow-sm ring-1 ring-gray-200" data-testid="privacy-notice">
        <header className="space-y-1">
          <h1 className="text-2xl font-semibold text-gray-900">{t("title")}</h1>
          <p className="text-sm text-gray-600" data-testid="privacy-notice-version">
            {t("version", { version, date: formatDate(effectiveOn, locale) })}
          </p>
          {version !== CURRENT_PRIVACY_NOTICE_VERSION && (
            <p className="text-sm text-amber-800">
              <a className="underline" href={privacyNoticePath(locale)}>
                {t("seeCurrent")}
              </a>
            </p>
          )}
        </header>
        {SECTIONS.map((section) => (
          <section key={section} className="space-y-1">
            <h2 className="text-base font-semibold text-gray-900">{t(`${key}.${section}.title`)}</h2>
            <p className="text-sm leading-6 text-gray-700">{t(`${key}.${section}.body`)}</p>
          </section>
        ))}
      </article>
    </main>
  );
}
