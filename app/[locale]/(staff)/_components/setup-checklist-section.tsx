import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { StaffContext } from "@/lib/auth/context";
import { recordSetupChoiceAction } from "@/lib/onboarding/actions";
import { formatTrialEnd } from "@/lib/onboarding/format-trial-end";
import { getSetupChecklist, getTrialEnd } from "@/lib/onboarding/setup-checklist";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";

/**
 * Home's setup checklist for admins of a clinic that signed up: each step done or to do, computed from the
 * clinic's rows (lib/onboarding/setup-checklist.ts), with the trial's end. Hidden once an admin dismisses it.
 */
export async function SetupChecklistSection({ ctx }: { ctx: StaffContext }) {
  const db = await getDb();
  const [checklist, trialEnd, t, locale] = await Promise.all([
    getSetupChecklist(db, ctx),
    getTrialEnd(db, ctx),
    getTranslations("setup"),
    getLocale(),
  ]);
  if (!checklist) return null;
  return (
    <section aria-labelledby="setup-heading" data-testid="setup-checklist" className="rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-gray-200 px-4 py-3">
        <h2 id="setup-heading" className="text-base font-semibold">
          {t("title")}
        </h2>
        <span className="text-sm text-gray-600" data-testid="setup-progress">
          {t("progress", { done: checklist.doneCount, total: checklist.steps.length })}
        </span>
      </div>
      {trialEnd && (
        <p className="px-4 pt-3 text-sm text-gray-700" data-testid="trial-ends">
          {t("trialEnds", { date: formatTrialEnd(trialEnd, { locale, timeZone: ctx.clinic.timezone }) })}
        </p>
      )}
      {checklist.allDone && <p className="px-4 pt-3 text-sm font-medium text-green-800">{t("allDone")}</p>}
      <ol className="divide-y divide-gray-100">
        {checklist.steps.map(({ step, done, href }) => (
          <li key={step} data-testid={`setup-step-${step}`} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">
            <div className="min-w-0 flex-1">
              <p className="font-medium text-gray-900">{t(`steps.${step}.title`)}</p>
              <p className="text-gray-600">{t(`steps.${step}.body`)}</p>
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <span
                data-testid="setup-step-status"
                className={
                  done
                    ? "rounded-full bg-green-50 px-2 py-0.5 text-xs text-green-800"
                    : "rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-800"
                }
              >
                {done ? t("done") : t("todo")}
              </span>
              <Link href={href} className="font-medium text-brand-700 hover:underline">
                {t(`steps.${step}.action`)}
              </Link>
              {step === "whatsapp" && !done && (
                <form action={recordSetupChoiceAction.bind(null, "skipWhatsapp")}>
                  <Button type="submit" variant="secondary">
                    {t("skipWhatsapp")}
                  </Button>
                </form>
              )}
            </div>
          </li>
        ))}
      </ol>
      <form action={recordSetupChoiceAction.bind(null, "dismiss")} className="border-t border-gray-200 px-4 py-3 text-right">
        <Button type="submit" variant="secondary">
          {t("dismiss")}
        </Button>
      </form>
    </section>
  );
}
