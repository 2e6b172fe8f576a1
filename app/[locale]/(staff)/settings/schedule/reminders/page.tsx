import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { CONFIGURABLE_NOTIFICATION_TYPES, FALLBACK_ORDER, REMINDER_LEAD_HOURS } from "@/lib/notifications/registry";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { cn } from "@/components/ui/cn";
import { ChannelToggle } from "./_components/channel-toggle";
import { LeadSelect } from "./_components/lead-select";
import { QuietHoursForm } from "./_components/quiet-hours-form";
import { formatMinuteOfDay } from "@/lib/notifications/quiet-hours";
import { PreviewDialog } from "./_components/preview-dialog";
import { IntakeOnFirstVisitSetting } from "../../_components/intake-on-first-visit-setting";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

/** Columns as the seed's grid shows them; the sending order (WhatsApp first) is said in words above. */
const COLUMNS = ["email", "sms", "whatsapp"] as const;

export default async function ReminderSettingsPage() {
  const ctx = await requireStaff("settings:read");
  const canEdit = can(ctx.role, "settings:write");
  const canPreview = can(ctx.role, "templates:preview");
  const [t, db] = await Promise.all([getTranslations("settings"), getDb()]);
  const settings = await getNotificationSettings(db, { clinicId: ctx.clinicId });
  const oneHourOn = Object.values(settings.channels.reminder_1h).some(Boolean);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 max-w-3xl text-sm text-gray-600">{t("intro")}</p>
        {!canEdit && (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" role="note">
            {t("readOnly")}
          </p>
        )}
      </div>

      <section aria-labelledby="channel-order-heading" className="rounded-lg bg-brand-50 p-4 ring-1 ring-brand-100">
        <h2 id="channel-order-heading" className="text-sm font-semibold text-brand-900">
          {t("channelOrderTitle")}
        </h2>
        <p className="mt-1 text-sm text-gray-800" data-testid="channel-order">
          {t("channelOrder")}
        </p>
        <ol className="mt-3 flex flex-wrap items-center gap-2 text-sm" aria-label={t("channelOrderSteps")}>
          {FALLBACK_ORDER.map((channel, index) => (
            <li key={channel} className="flex items-center gap-2">
              <span className="rounded-full bg-white px-3 py-1 font-medium text-gray-900 ring-1 ring-gray-200">
                {index + 1}. {t(`channels.${channel}`)}
              </span>
              {index < FALLBACK_ORDER.length - 1 && (
                <span aria-hidden className="text-gray-500">
                  →
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>

      <div className="grid gap-4 md:grid-cols-2">
        <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
          <LeadSelect value={settings.reminderLeadHours} options={REMINDER_LEAD_HOURS} canEdit={canEdit} />
        </div>
        <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200" data-testid="one-hour-status">
          <p className="flex items-center gap-2 text-sm font-medium text-gray-800">
            {t("optionalTitle")}
            <span
              className={cn(
                "rounded-full px-2 py-0.5 text-xs font-semibold",
                oneHourOn ? "bg-green-100 text-green-800" : "bg-gray-100 text-gray-700",
              )}
            >
              {oneHourOn ? t("optionalOn") : t("optionalOff")}
            </span>
          </p>
          <p className="mt-1 text-xs text-gray-600">{oneHourOn ? t("optionalHintOn") : t("optionalHintOff")}</p>
        </div>
      </div>

      <QuietHoursForm
        enabled={settings.quietHours.enabled}
        start={formatMinuteOfDay(settings.quietHours.startMinute)}
        end={formatMinuteOfDay(settings.quietHours.endMinute)}
        timeZone={ctx.clinic.timezone}
        canEdit={canEdit}
      />

      <IntakeOnFirstVisitSetting />

      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
        <table className="min-w-full divide-y divide-gray-200 text-sm">
          <thead className="bg-gray-50 text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
            <tr>
              <th scope="col" className="px-4 py-3">
                {t("type")}
              </th>
              {COLUMNS.map((channel) => (
                <th key={channel} scope="col" className="w-24 px-4 py-3 text-center">
                  {t(`channels.${channel}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {CONFIGURABLE_NOTIFICATION_TYPES.map((type) => {
              const label = t(`types.${type}` as "types.reminder");
              return (
                <tr key={type} className="align-middle" data-testid={`row-${type}`}>
                  <th scope="row" className="px-4 py-3 text-left font-medium">
                    <span className="flex flex-wrap items-center gap-2">
                      {label}
                      {type === "reminder_1h" && (
                        <span
                          className={cn(
                            "rounded-full px-2 py-0.5 text-xs font-semibold",
                            oneHourOn ? "bg-green-100 text-green-800" : "bg-gray-100 text-gray-700",
                          )}
                        >
                          {oneHourOn ? t("optionalOn") : t("optionalOff")}
                        </span>
                      )}
                    </span>
                    {canPreview && (
                      <PreviewDialog type={type} typeLabel={label} timeZone={ctx.clinic.timezone} clinicName={ctx.clinic.name} />
                    )}
                  </th>
                  {COLUMNS.map((channel) => (
                    <td key={channel} className="px-4 py-3 text-center">
                      <ChannelToggle
                        notificationType={type}
                        channel={channel}
                        enabled={settings.channels[type][channel]}
                        canEdit={canEdit}
                        label={t("toggle", { type: label, channel: t(`channels.${channel}`) })}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
