import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getResultsRules } from "@/lib/results/outcomes";
import { ResultsSettingsForm } from "./_components/results-settings-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("resultsSettings"))("title") };
}

const asText = (n: number | null, scale = 1) => (n === null ? "" : String(Math.round(n * scale * 10) / 10));

/** Settings → Results: late-cancel window, auto-attend rule and the before-Luna figures (admins edit). */
export default async function ResultsSettingsPage() {
  const ctx = await requireStaff("settings:read");
  const [t, db] = await Promise.all([getTranslations("resultsSettings"), getDb()]);
  const rules = await getResultsRules(db, { clinicId: ctx.clinicId });
  if (!rules) notFound();
  const canEdit = can(ctx.role, "settings:write");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("intro")}</p>
        {!canEdit && (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" role="note">
            {t("readOnly")}
          </p>
        )}
      </div>
      <ResultsSettingsForm
        canEdit={canEdit}
        initial={{
          lateCancelHours: String(rules.lateCancelHours),
          autoAttendAfterHours: asText(rules.autoAttendAfterHours),
          baselineNoShowPercent: asText(rules.baseline.noShowRate, 100),
          baselineConfirmationPercent: asText(rules.baseline.confirmationRate, 100),
          baselineTimeToConfirmHours: asText(
            rules.baseline.timeToConfirmMinutes === null ? null : rules.baseline.timeToConfirmMinutes / 60,
          ),
        }}
      />
    </div>
  );
}
