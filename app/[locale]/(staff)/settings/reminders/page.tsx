import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { CONFIGURABLE_NOTIFICATION_TYPES, REMINDER_LEAD_HOURS, APPOINTMENT_VARIANTS, type NotificationType } from "@/lib/notifications/registry";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { renderMessage } from "@/lib/notifications/render-message";
import { zonedCalendarDatePlusDays, zonedDateTime } from "@/lib/dates";
import { ChannelToggle } from "./_components/channel-toggle";
import { LeadSelect } from "./_components/lead-select";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

/** What a patient named María/Maria would receive for a visit tomorrow at 10:00, rendered by the sending code. */
async function previews(type: NotificationType, clinic: { name: string; timezone: string }) {
  const now = new Date();
  const tomorrow = zonedCalendarDatePlusDays(now, clinic.timezone, 1);
  const startsAt = zonedDateTime(clinic.timezone, { ...tomorrow, hour: 10 });
  return Promise.all(
    (["es", "en"] as const).flatMap((locale) =>
      APPOINTMENT_VARIANTS.map(async (variant) => ({
        locale,
        variant,
        text: (
          await renderMessage({
            type,
            variant,
            locale,
            withEmail: false,
            vars: {
              firstName: locale === "es" ? "María" : "Maria",
              doctorName: "Dr. García",
              clinicName: clinic.name,
              startsAt,
              timeZone: clinic.timezone,
              now,
              videoUrl: "https://meet.example.com/luna-4821",
            },
          })
        ).text,
      })),
    ),
  );
}

export default async function ReminderSettingsPage() {
  const ctx = await requireStaff("settings:read");
  const canEdit = can(ctx.role, "settings:write");
  const [t, db] = await Promise.all([getTranslations("settings"), getDb()]);
  const settings = await getNotificationSettings(db, { clinicId: ctx.clinicId });
  const rows = await Promise.all(CONFIGURABLE_NOTIFICATION_TYPES.map(async (type) => ({ type, previews: await previews(type, ctx.clinic) })));

  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <p className="text-sm text-gray-500">{t("breadcrumb")}</p>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("intro")}</p>
        {!canEdit && (
          <p className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" role="note">
            {t("readOnly")}
          </p>
        )}
      </div>

      <LeadSelect value={settings.reminderLeadHours} options={REMINDER_LEAD_HOURS} canEdit={canEdit} />

      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
        <table className="min-w-full divide-y divide-gray-200 text-sm">
          <thead className="bg-gray-50 text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
            <tr>
              <th scope="col" className="px-4 py-3">
                {t("type")}
              </th>
              {(["email", "sms", "whatsapp"] as const).map((channel) => (
                <th key={channel} scope="col" className="px-4 py-3 text-center">
                  {t(`channels.${channel}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {rows.map(({ type, previews: texts }) => (
              <tr key={type} className="align-top">
                <th scope="row" className="px-4 py-3 text-left font-medium">
                  {t(`types.${type}` as "types.reminder")}
                  <details className="mt-2 font-normal">
                    <summary className="cursor-pointer text-xs text-brand-700 hover:underline">{t("preview")}</summary>
                    <div className="mt-2 grid gap-3 sm:grid-cols-2" aria-label={t("previewTitle")}>
                      {texts.map((p) => (
                        <figure key={`${p.locale}-${p.variant}`} className="rounded-xl bg-[#e5ddd5] p-3">
                          <figcaption className="mb-1 text-xs text-gray-700">
                            {t(p.locale === "es" ? "spanish" : "english")} · {t(p.variant === "video" ? "video" : "inPerson")}
                          </figcaption>
                          <p lang={p.locale} className="max-w-xs rounded-lg rounded-tl-none bg-white px-3 py-2 text-sm text-gray-900 shadow-sm" data-testid="whatsapp-preview">
                            {p.text}
                          </p>
                        </figure>
                      ))}
                    </div>
                  </details>
                </th>
                {(["email", "sms", "whatsapp"] as const).map((channel) => (
                  <td key={channel} className="px-4 py-3 text-center">
                    <ChannelToggle
                      notificationType={type}
                      channel={channel}
                      enabled={settings.channels[type][channel]}
                      canEdit={canEdit}
                      label={t("toggle", { type: t(`types.${type}` as "types.reminder"), channel: t(`channels.${channel}`) })}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
