import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { listPatients } from "@/lib/patients/queries";
import { patientListParamsSchema } from "@/lib/patients/schemas";
import { formatPhone } from "@/lib/patients/phone";
import { Link } from "@/components/ui/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("patients"))("title") };
}

export default async function PatientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaff("patients:read");
  const { q, page } = patientListParamsSchema.parse(await searchParams);
  const [t, tc, db] = await Promise.all([getTranslations("patients"), getTranslations("common"), getDb()]);
  const result = await listPatients(db, { clinicId: ctx.clinicId, search: q, page });
  const pageHref = (p: number) => ({ pathname: "/patients", query: { ...(q ? { q } : {}), ...(p > 1 ? { page: String(p) } : {}) } });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <Link href="/patients/new" className={buttonClasses("primary")}>
          {t("new")}
        </Link>
      </div>

      <form role="search" className="flex gap-2" action="">
        <label htmlFor="q" className="sr-only">
          {t("searchLabel")}
        </label>
        <Input id="q" name="q" type="search" defaultValue={q} placeholder={t("searchPlaceholder")} className="max-w-md" />
        <Button type="submit" variant="secondary">
          {tc("search")}
        </Button>
      </form>

      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
        {result.rows.length === 0 ? (
          <p className="px-4 py-8 text-center text-sm text-gray-600">{q ? t("noResults", { query: q }) : t("empty")}</p>
        ) : (
          <table className="min-w-full divide-y divide-gray-200 text-sm">
            <thead className="bg-gray-50 text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
              <tr>
                <th scope="col" className="px-4 py-3">
                  {t("columns.name")}
                </th>
                <th scope="col" className="px-4 py-3">
                  {t("columns.phone")}
                </th>
                <th scope="col" className="hidden px-4 py-3 md:table-cell">
                  {t("columns.email")}
                </th>
                <th scope="col" className="px-4 py-3">
                  {t("columns.language")}
                </th>
                <th scope="col" className="hidden px-4 py-3 lg:table-cell">
                  {t("columns.channels")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {result.rows.map((p) => {
                const blocked = [
                  p.whatsappOptedOutAt && t("fields.optOutWhatsapp"),
                  p.smsOptedOutAt && t("fields.optOutSms"),
                  p.emailOptedOutAt && t("fields.optOutEmail"),
                ].filter(Boolean);
                return (
                  <tr key={p.id} className="hover:bg-gray-50">
                    <td className="px-4 py-3">
                      <Link href={`/patients/${p.id}`} className="font-medium text-brand-700 hover:underline">
                        {p.lastName}, {p.firstName}
                      </Link>
                    </td>
                    <td className="whitespace-nowrap px-4 py-3 tabular-nums">{p.phone ? formatPhone(p.phone) : "—"}</td>
                    <td className="hidden px-4 py-3 text-gray-600 md:table-cell">{p.email ?? "—"}</td>
                    <td className="px-4 py-3">{t(`locales.${p.preferredLocale}`)}</td>
                    <td className="hidden px-4 py-3 text-gray-600 lg:table-cell">
                      {blocked.length ? t("channelsBlocked", { channels: blocked.join(", ") }) : t("channelsAll")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>

      <nav className="flex items-center justify-between text-sm" aria-label={t("title")}>
        <p className="text-gray-600">{t("total", { count: result.total })}</p>
        {result.pageCount > 1 && (
          <div className="flex items-center gap-2">
            {result.page > 1 && (
              <Link href={pageHref(result.page - 1)} className={buttonClasses("secondary")} rel="prev">
                {tc("previous")}
              </Link>
            )}
            <span className="text-gray-600">{tc("pageOf", { page: result.page, pageCount: result.pageCount })}</span>
            {result.page < result.pageCount && (
              <Link href={pageHref(result.page + 1)} className={buttonClasses("secondary")} rel="next">
                {tc("next")}
              </Link>
            )}
          </div>
        )}
      </nav>
    </div>
  );
}
