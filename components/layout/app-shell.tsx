import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import type { StaffContext } from "@/lib/auth/context";
import type { AppLocale } from "@/i18n/routing";
import { LocaleSwitcher } from "./locale-switcher";
import { NavLinks } from "./nav-links";

/**
 * The staff frame: clinic and user on top, navigation on the side (on top on small screens). With
 * `simulated`, a banner above everything says that messages go nowhere (no Twilio/Resend keys). The server
 * actions it offers (sign out, save the UI language) come from the layout: components/ knows no domain.
 */
export async function AppShell({
  ctx,
  simulated,
  actions,
  canSeePayments,
  canSeeCampaigns = false,
  children,
}: {
  ctx: StaffContext;
  simulated: boolean;
  /** Whether the role may read payments (lib/auth/permissions, decided by the layout). */
  canSeePayments: boolean;
  /** Whether the role may see health campaigns (decided by the layout). */
  canSeeCampaigns?: boolean;
  actions: { signOut: () => Promise<void>; saveLocale: (locale: AppLocale) => Promise<unknown> };
  children: ReactNode;
}) {
  const t = await getTranslations("nav");
  const tp = await getTranslations("payments");
  const tw = await getTranslations("waitlist");
  const tc = await getTranslations("campaigns");
  return (
    <div className="min-h-screen">
      {simulated ? (
        <p role="status" data-testid="simulated-banner" className="bg-amber-100 px-4 py-2 text-center text-sm font-medium text-amber-900">
          {t("simulatedMessages")}
        </p>
      ) : null}
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-3">
          <div className="flex items-center gap-3">
            <span className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-600 text-sm font-bold text-white" aria-hidden>
              L
            </span>
            <div>
              <p className="text-sm font-semibold leading-tight">Luna</p>
              <p className="text-xs text-gray-500" data-testid="clinic-name">
                {ctx.clinic.name}
              </p>
            </div>
          </div>
          <div className="flex items-center gap-3">
            <div className="hidden text-right sm:block">
              <p className="text-sm font-medium" data-testid="user-name">
                {ctx.name}
              </p>
              <p className="text-xs text-gray-500">{t(`roles.${ctx.role}`)}</p>
            </div>
            <LocaleSwitcher persist={actions.saveLocale} />
            <form action={actions.signOut}>
              <button type="submit" className="rounded-md px-2 py-1 text-sm text-gray-700 hover:bg-gray-100">
                {t("signOut")}
              </button>
            </form>
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 md:flex-row">
        <nav aria-label={t("mainNavigation")} className="md:w-48 md:shrink-0">
          <NavLinks
            labels={{
              home: t("home"),
              calendar: t("calendar"),
              patients: t("patients"),
              waitlist: tw("nav"),
              payments: canSeePayments ? tp("nav") : undefined,
              campaigns: canSeeCampaigns ? tc("nav") : undefined,
              messages: t("messages"),
              results: t("results"),
              settings: t("settings"),
            }}
          />
        </nav>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
