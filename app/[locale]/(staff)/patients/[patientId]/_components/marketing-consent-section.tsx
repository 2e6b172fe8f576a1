import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { channels } from "@/db/schema";
import { listMarketingConsents } from "@/lib/campaigns/consent";
import { privacyNoticePath } from "@/lib/campaigns/privacy-notice";
import { formatDateTime } from "@/lib/dates";
import { MarketingConsentButton } from "./marketing-consent-button";

/** Health campaigns consent, per channel: state, since when and how; staff record or withdraw it (audited). */
export async function MarketingConsentSection({
  clinicId,
  patientId,
  timeZone,
  canWrite,
}: {
  clinicId: string;
  patientId: string;
  timeZone: string;
  canWrite: boolean;
}) {
  const [t, tp, locale, consents] = await Promise.all([
    getTranslations("campaigns"),
    getTranslations("patients"),
    getLocale(),
    listMarketingConsents(await getDb(), { clinicId, patientId }),
  ]);
  const when = (at: Date) => formatDateTime(at, { locale, timeZone });
  return (
    <section
      aria-labelledby="marketing-consent-heading"
      className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200"
      data-testid="marketing-consent"
    >
      <h2 id="marketing-consent-heading" className="text-lg font-semibold">
        {t("consent.title")}
      </h2>
      <p className="mt-1 text-xs text-gray-600">{t("consent.hint")}</p>
      <ul className="mt-3 divide-y divide-gray-100 text-sm">
        {channels.map((channel) => {
          const consent = consents.find((c) => c.channel === channel);
          const granted = Boolean(consent?.grantedAt);
          const source = consent ? t(`consent.sources.${consent.source}`) : "";
          return (
            <li
              key={channel}
              className="flex flex-wrap items-center justify-between gap-2 py-2"
              data-testid={`marketing-consent-${channel}`}
            >
              <div>
                <span className="font-medium">{tp(`chart.channels.${channel}`)}</span>{" "}
                <span className={granted ? "text-green-800" : "text-gray-700"}>
                  {granted ? t("consent.granted") : t("consent.notGranted")}
                </span>
                {consent?.grantedAt && (
                  <span className="text-gray-600"> · {t("consent.since", { date: when(consent.grantedAt), source })}</span>
                )}
                {consent?.revokedAt && (
                  <span className="text-gray-600"> · {t("consent.revokedAt", { date: when(consent.revokedAt), source })}</span>
                )}
                {consent && (
                  <span className="text-xs text-gray-500">
                    {" "}
                    ·{" "}
                    <a href={privacyNoticePath(locale, consent.noticeVersion)} className="underline" target="_blank" rel="noopener">
                      {t("consent.notice", { version: consent.noticeVersion })}
                    </a>
                  </span>
                )}
              </div>
              {canWrite && <MarketingConsentButton patientId={patientId} channel={channel} granted={granted} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
