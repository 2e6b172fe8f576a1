import { getLocale, getTranslations } from "next-intl/server";
import type { Patient } from "@/db/schema";
import { formatDateTime } from "@/lib/dates";
import { formatPhone } from "@/lib/patients/phone";
import { cn } from "@/components/ui/cn";
import { getDb } from "@/db/client";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { CONFIGURABLE_NOTIFICATION_TYPES } from "@/lib/notifications/registry";

type ChannelKey = "whatsapp" | "sms" | "email";

/** Profile and preferences: contact, language, and per channel whether it is used, reachable, and when and how an opt-out happened. */
export async function ProfileSection({ patient, timeZone }: { patient: Patient; timeZone: string }) {
  const [t, ta, locale, settings] = await Promise.all([
    getTranslations("patients"),
    getTranslations("appointments"),
    getLocale(),
    getNotificationSettings(await getDb(), { clinicId: patient.clinicId }),
  ]);
  /** What the clinic's settings send on a channel (the types switched on in Settings), whatever the patient's state. */
  const allowedOn = (channel: ChannelKey) =>
    CONFIGURABLE_NOTIFICATION_TYPES.filter((type) => settings.channels[type][channel]).map((type) =>
      ta.has(`types.${type}` as never) ? ta(`types.${type}` as never) : type,
    );
  const when = (at: Date) => formatDateTime(at, { locale, timeZone });

  // WhatsApp and SMS need a phone; a patient reached by email only has none.
  const noPhone = { label: t("chart.noPhoneShort"), tone: "bad" as const };
  const rows: {
    channel: ChannelKey;
    optedOutAt: Date | null;
    source: Patient["smsOptOutSource"];
    reach: { label: string; tone: "ok" | "bad" | "unknown"; detail?: string };
  }[] = [
    {
      channel: "whatsapp",
      optedOutAt: patient.whatsappOptedOutAt,
      source: patient.whatsappOptOutSource,
      reach: !patient.phone
        ? noPhone
        : {
            label: t(`chart.reachability.whatsapp.${patient.whatsappReachability}`),
            tone: patient.whatsappReachability === "yes" ? "ok" : patient.whatsappReachability === "no" ? "bad" : "unknown",
            detail: patient.whatsappReachabilityCheckedAt
              ? t("chart.checkedAt", { date: when(patient.whatsappReachabilityCheckedAt) })
              : undefined,
          },
    },
    {
      channel: "sms",
      optedOutAt: patient.smsOptedOutAt,
      source: patient.smsOptOutSource,
      reach: !patient.phone
        ? noPhone
        : {
            label: t(`chart.reachability.sms.${patient.smsReachability}`),
            tone: patient.smsReachability === "yes" ? "ok" : patient.smsReachability === "no" ? "bad" : "unknown",
            detail: patient.smsReachabilityCheckedAt ? t("chart.checkedAt", { date: when(patient.smsReachabilityCheckedAt) }) : undefined,
          },
    },
    {
      channel: "email",
      optedOutAt: patient.emailOptedOutAt,
      source: patient.emailOptOutSource,
      reach: !patient.email
        ? { label: t("chart.noEmail"), tone: "bad" }
        : patient.emailBouncedAt
          ? { label: t("chart.emailBounced", { date: when(patient.emailBouncedAt) }), tone: "bad" }
          : { label: t("chart.emailOk"), tone: "unknown" },
    },
  ];

  return (
    <section aria-labelledby="profile-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
      <h2 id="profile-heading" className="text-lg font-semibold">
        {t("chart.profileTitle")}
      </h2>
      <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-gray-500">{t("chart.phone")}</dt>
          <dd className="font-medium">{patient.phone ? formatPhone(patient.phone) : t("chart.noPhone")}</dd>
        </div>
        <div>
          <dt className="text-gray-500">{t("chart.email")}</dt>
          <dd className="font-medium break-all">{patient.email ?? t("chart.noEmail")}</dd>
        </div>
        <div>
          <dt className="text-gray-500">{t("chart.language")}</dt>
          <dd className="font-medium" data-testid="patient-language">
            {t(`locales.${patient.preferredLocale}`)}
          </dd>
        </div>
      </dl>

      <h3 className="mt-6 text-sm font-semibold">{t("chart.channelsTitle")}</h3>
      <p className="mt-1 text-xs text-gray-600">{t("chart.channelsHint")}</p>
      <div className="mt-2 overflow-x-auto">
        <table className="min-w-full text-sm" data-testid="channel-preferences">
          <thead className="text-left text-xs text-gray-500">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                {t("chart.channel")}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {t("chart.state")}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {t("chart.reach")}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {t("chart.optOut")}
              </th>
              <th scope="col" className="py-2 font-medium">
                {t("chart.clinicSends")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {rows.map((row) => {
              const usable = !row.optedOutAt && row.reach.tone !== "bad";
              return (
                <tr key={row.channel} data-testid={`channel-${row.channel}`}>
                  <th scope="row" className="py-2 pr-4 text-left font-medium">
                    {t(`chart.channels.${row.channel}`)}
                  </th>
                  <td className="py-2 pr-4">
                    <span
                      className={cn(
                        "rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap",
                        row.optedOutAt
                          ? "bg-amber-50 text-amber-800 ring-1 ring-amber-200"
                          : usable
                            ? "bg-green-50 text-green-800"
                            : "bg-gray-100 text-gray-700",
                      )}
                    >
                      {row.optedOutAt ? t("chart.optedOut") : usable ? t("chart.active") : t("chart.notAvailable")}
                    </span>
                  </td>
                  <td className="py-2 pr-4">
                    <span
                      className={cn(
                        row.reach.tone === "bad" ? "text-red-700" : row.reach.tone === "ok" ? "text-green-800" : "text-gray-700",
                      )}
                    >
                      {row.reach.label}
                    </span>
                    {row.reach.detail && <span className="block text-xs text-gray-500">{row.reach.detail}</span>}
                  </td>
                  <td className="py-2 pr-4 text-gray-700" data-testid={`opt-out-${row.channel}`}>
                    {row.optedOutAt
                      ? t("chart.optedOutDetail", { date: when(row.optedOutAt), source: t(`chart.sources.${row.source ?? "staff"}`) })
                      : t("chart.noOptOut")}
                  </td>
                  <td className="py-2 text-gray-700" data-testid={`clinic-sends-${row.channel}`}>
                    {allowedOn(row.channel).length ? allowedOn(row.channel).join(", ") : t("chart.clinicSendsNothing")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
