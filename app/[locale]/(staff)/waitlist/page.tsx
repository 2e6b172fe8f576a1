import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { Locale } from "@/db/schema";
import { listDoctors } from "@/lib/appointments/queries";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/dates";
import { listPatients } from "@/lib/patients/queries";
import { removeWaitlistEntryAction } from "@/lib/waitlist/actions";
import { listWaitlist } from "@/lib/waitlist/entries";
import { listRecentSlotOffers } from "@/lib/waitlist/queries";
import { getWaitlistSettings } from "@/lib/waitlist/settings";
import { Button } from "@/components/ui/button";
import { Disclosure } from "@/components/ui/disclosure";
import { Link } from "@/components/ui/link";
import { describePreference } from "./_components/describe-entry";
import { WaitlistEntryForm } from "./_components/waitlist-entry-form";
import { WaitlistSettingsForm } from "./_components/waitlist-settings-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("waitlist"))("title") };
}

const STATUSES = ["waiting", "booked", "removed", "all"] as const;
type StatusFilter = (typeof STATUSES)[number];

/** The clinic's waitlist: filters in the URL (a plain GET form), add and remove, and the latest freed slots with their offers. */
export default async function WaitlistPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaff("appointments:read");
  const params = await searchParams;
  const [t, locale, db] = await Promise.all([getTranslations("waitlist"), getLocale() as Promise<Locale>, getDb()]);
  const status: StatusFilter = STATUSES.includes(params.status as StatusFilter) ? (params.status as StatusFilter) : "waiting";
  const doctors = await listDoctors(db, { clinicId: ctx.clinicId, locale });
  const doctorId = typeof params.doctor === "string" && doctors.some((d) => d.id === params.doctor) ? params.doctor : undefined;
  const canWrite = can(ctx.role, "appointments:write");
  const canConfigure = can(ctx.role, "settings:write");
  const [rows, patients, offers, settings] = await Promise.all([
    listWaitlist(db, { clinicId: ctx.clinicId, status, doctorId }),
    canWrite ? listPatients(db, { clinicId: ctx.clinicId, pageSize: 500 }) : null,
    listRecentSlotOffers(db, { clinicId: ctx.clinicId }),
    canConfigure ? getWaitlistSettings(db, { clinicId: ctx.clinicId }) : null,
  ]);
  const timeZone = ctx.clinic.timezone;
  const doctorName = (id: string | null) => doctors.find((d) => d.id === id)?.name ?? t("anyDoctor");
  const select = "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm ring-1 ring-inset ring-gray-300";

  return (
    <div className="space-y-6">
      <div className="max-w-3xl space-y-1">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro")}</p>
      </div>

      {canWrite && (
        <Disclosure title={t("addTitle")} help={t("addHelp")}>
          <WaitlistEntryForm
            doctors={doctors}
            patients={(patients?.rows ?? []).map((p) => ({ id: p.id, name: `${p.firstName} ${p.lastName}` }))}
          />
        </Disclosure>
      )}

      {settings && (
        <Disclosure title={t("settings.title")} help={t("settings.help")}>
          <WaitlistSettingsForm settings={settings} />
        </Disclosure>
      )}

      <form
        method="get"
        className="grid gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:grid-cols-3"
        aria-label={t("filters.legend")}
      >
        <label className="space-y-1 text-sm font-medium text-gray-800">
          <span>{t("filters.doctor")}</span>
          <select name="doctor" defaultValue={doctorId ?? ""} className={select}>
            <option value="">{t("filters.anyDoctor")}</option>
            {doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm font-medium text-gray-800">
          <span>{t("filters.status")}</span>
          <select name="status" defaultValue={status} className={select}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="flex items-end">
          <Button type="submit" variant="secondary">
            {t("filters.apply")}
          </Button>
        </div>
      </form>

      {rows.length === 0 ? (
        <p className="text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
          <table className="min-w-full divide-y divide-gray-200 text-sm" data-testid="waitlist-table">
            <thead className="bg-gray-50 text-left text-xs font-semibold uppercase text-gray-600">
              <tr>
                <th className="px-3 py-2">{t("columns.patient")}</th>
                <th className="px-3 py-2">{t("columns.doctor")}</th>
                <th className="px-3 py-2">{t("columns.prefers")}</th>
                <th className="px-3 py-2">{t("columns.since")}</th>
                <th className="px-3 py-2">{t("columns.status")}</th>
                {canWrite && <th className="px-3 py-2">{t("columns.actions")}</th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {rows.map((row) => {
                const name = `${row.patientFirstName} ${row.patientLastName}`;
                return (
                  <tr key={row.id} data-testid="waitlist-row">
                    <td className="px-3 py-2">
                      <Link href={`/patients/${row.patientId}`} className="font-medium text-brand-700 hover:underline">
                        {name}
                      </Link>
                    </td>
                    <td className="px-3 py-2">{row.doctorId ? doctorName(row.doctorId) : t("anyDoctor")}</td>
                    <td className="px-3 py-2">
                      {describePreference(row, {
                        day: (d) => t(`weekdayNames.${d}` as "weekdayNames.0"),
                        anyTime: t("anyTime"),
                        until: (date) => t("until", { date }),
                      })}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(row.createdAt, { locale, timeZone })}</td>
                    <td className="px-3 py-2">{t(`statuses.${row.status}`)}</td>
                    {canWrite && (
                      <td className="px-3 py-2">
                        {row.status === "waiting" && (
                          <form action={removeWaitlistEntryAction}>
                            <input type="hidden" name="entryId" value={row.id} />
                            <Button type="submit" variant="ghost" aria-label={t("removeLabel", { name })}>
                              {t("remove")}
                            </Button>
                          </form>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="freed-slots-heading" className="space-y-3">
        <h2 id="freed-slots-heading" className="text-lg font-semibold">
          {t("offers.title")}
        </h2>
        {offers.length === 0 ? (
          <p className="text-sm text-gray-600">{t("offers.empty")}</p>
        ) : (
          <ul className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200" data-testid="freed-slots">
            {offers.map((offer) => (
              <li key={offer.offerId} className="px-4 py-3 text-sm" data-testid="freed-slot">
                <p className="font-medium">
                  {t("offers.slot", { time: formatDateTime(offer.startsAt, { locale, timeZone }), doctor: doctorName(offer.doctorId) })}
                </p>
                <p className="text-gray-700">
                  {t("offers.summary", { offered: offer.offered, declined: offer.declined })} ·{" "}
                  {offer.status === "open" && offer.heldUntil
                    ? t("offers.held", { time: formatDateTime(offer.heldUntil, { locale, timeZone }) })
                    : t(`offers.${offer.status}`)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
