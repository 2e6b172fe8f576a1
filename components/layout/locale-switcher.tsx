"use client";

import { useTransition } from "react";
import { useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { usePathname, useRouter } from "@/i18n/navigation";
import type { AppLocale } from "@/i18n/routing";

/**
 * Switches es ⇄ en on the same page. `persist` (for signed-in staff: the server action that saves the
 * choice to their profile, passed in by the page so this component knows no domain) runs first.
 */
export function LocaleSwitcher({ persist }: { persist?: (locale: AppLocale) => Promise<unknown> }) {
  const t = useTranslations("nav");
  const locale = useLocale() as AppLocale;
  const other: AppLocale = locale === "es" ? "en" : "es";
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <button
      type="button"
      lang={other}
      aria-label={`${t("language")}: ${t("switchTo")}`}
      disabled={pending}
      className="rounded-md px-2 py-1 text-sm font-medium text-gray-700 ring-1 ring-gray-300 hover:bg-gray-100"
      onClick={() =>
        startTransition(async () => {
          if (persist) await persist(other);
          const query = searchParams.toString();
          router.replace(query ? `${pathname}?${query}` : pathname, { locale: other });
        })
      }
    >
      {t("switchTo")}
    </button>
  );
}
