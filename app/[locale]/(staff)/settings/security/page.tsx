import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listStaffSecurity } from "@/lib/auth/staff-security";
import { StaffSecurityButton } from "./_components/staff-security-button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("security"))("title") };
}

/**
 * Settings → Security (admins only): who is locked out of sign-in and how many sessions each person has
 * open, with an unlock and an "End all sessions" per person.
 */
export default async function SecuritySettingsPage() {
  const ctx = await requireStaff("settings:read");
  if (!can(ctx.role, "security:write")) notFound();
  const [t, locale, db] = await Promise.all([getTranslations("security"), getLocale(), getDb()]);
  const rows = await listStaffSecurity(db, { clinicId: ctx.clinicId });
  const time = new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", { timeZone: ctx.clinic.timezone, timeStyle: "short" });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("intro")}</p>
      </div>
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
        <table className="min-w-full divide-y divide-gray-200 text-sm" aria-label={t("tableLabel")}>
          <thead className="bg-gray-50 text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
            <tr>
              <th scope="col" className="px-4 py-3">
                {t("name")}
              </th>
              <th scope="col" className="hidden px-4 py-3 md:table-cell">
                {t("email")}
              </th>
              <th scope="col" className="px-4 py-3">
                {t("role")}
              </th>
              <th scope="col" className="px-4 py-3">
                {t("status")}
              </th>
              <th scope="col" className="px-4 py-3">
                {t("sessions")}
              </th>
              <th scope="col" className="px-4 py-3">
                <span className="sr-only">{t("actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {rows.map((row) => (
              <tr key={row.userId} data-testid={`staff-${row.userId}`}>
                <td className="px-4 py-3 font-medium">{row.name}</td>
                <td className="hidden px-4 py-3 md:table-cell">{row.email}</td>
                <td className="px-4 py-3">{t(`roles.${row.role}`)}</td>
                <td className="px-4 py-3">
                  {row.disabled ? (
                    <span className="text-gray-500">{t("statusDisabled")}</span>
                  ) : row.lockedUntil ? (
                    <span className="font-medium text-red-700">{t("statusLocked", { time: time.format(row.lockedUntil) })}</span>
                  ) : (
                    <span className="text-green-700">{t("statusActive")}</span>
                  )}
                </td>
                <td className="px-4 py-3 tabular-nums" data-testid="open-sessions">
                  {row.openSessions}
                </td>
                <td className="whitespace-nowrap px-4 py-3 text-right">
                  <span className="inline-flex gap-2">
                    {row.lockedUntil && !row.disabled && <StaffSecurityButton kind="unlock" userId={row.userId} name={row.name} />}
                    {row.openSessions > 0 && <StaffSecurityButton kind="endSessions" userId={row.userId} name={row.name} />}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
