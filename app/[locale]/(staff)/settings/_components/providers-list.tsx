import { getTranslations } from "next-intl/server";
import type { ConfiguredProviders } from "@/lib/clinics/providers";
import { cn } from "@/components/ui/cn";

type Row = { key: keyof ConfiguredProviders; live: boolean; value: string };

/** Read-only: which provider each part uses (never a key), the simulated ones marked. */
export async function ProvidersList({
  providers,
  clinicSender = "shared",
}: {
  providers: ConfiguredProviders;
  /** "own": the clinic sends WhatsApp and SMS from its own Twilio account (Settings → WhatsApp and SMS), not Luna's. */
  clinicSender?: "shared" | "own";
}) {
  const t = await getTranslations("settings.account");
  const yesNo = (on: boolean) => (on ? t("values.configured") : t("values.notConfigured"));
  const twilio = providers.messaging === "twilio";
  const own = clinicSender === "own";
  const rows: Row[] = [
    own
      ? { key: "messaging", live: true, value: t("values.ownTwilio") }
      : { key: "messaging", live: twilio, value: t(`values.${providers.messaging}`) },
    ...(twilio && !own
      ? ([
          { key: "whatsappSender", live: providers.whatsappSender, value: yesNo(providers.whatsappSender) },
          { key: "whatsappTemplates", live: providers.whatsappTemplates, value: yesNo(providers.whatsappTemplates) },
          { key: "smsSender", live: providers.smsSender, value: yesNo(providers.smsSender) },
        ] satisfies Row[])
      : []),
    { key: "email", live: providers.email === "resend", value: t(`values.${providers.email}`) },
    ...(providers.email === "resend"
      ? ([{ key: "emailSender", live: providers.emailSender, value: yesNo(providers.emailSender) }] satisfies Row[])
      : []),
    { key: "storage", live: providers.storage === "s3", value: t(`values.${providers.storage}`) },
    { key: "scheduler", live: providers.scheduler === "inngest", value: t(`values.${providers.scheduler}`) },
    { key: "db", live: providers.db === "postgres", value: t(`values.${providers.db}`) },
  ];
  return (
    <section aria-labelledby="providers-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
      <h2 id="providers-heading" className="text-base font-semibold">
        {t("providersSection")}
      </h2>
      <p className="mt-1 text-sm text-gray-600">{t("providersIntro")}</p>
      <dl className="mt-4 divide-y divide-gray-100 text-sm" data-testid="providers">
        {rows.map((row) => (
          <div key={row.key} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <dt className="text-gray-700">{t(`providers.${row.key}`)}</dt>
            <dd>
              <span
                className={cn(
                  "inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium",
                  row.live ? "bg-green-50 text-green-800 ring-1 ring-green-200" : "bg-gray-100 text-gray-700 ring-1 ring-gray-200",
                )}
              >
                <span aria-hidden className={cn("h-1.5 w-1.5 rounded-full", row.live ? "bg-green-600" : "bg-gray-400")} />
                {row.value}
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
