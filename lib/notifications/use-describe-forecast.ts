"use client";

import { useCallback } from "react";
import { useTranslations } from "next-intl";
import type { MessageForecast } from "@/lib/notifications/forecast-messages";
import { describeForecast } from "@/lib/notifications/describe-forecast";

/**
 * The toast's account of what a change set in motion, per message, from the engine's own forecast:
 * "Confirmación sale ahora por WhatsApp · Recordatorio por WhatsApp el jue, 26 nov, 10:00", or
 * "Confirmación por WhatsApp: no se enviará, el paciente no quiere mensajes por este canal".
 */
export function useDescribePlanned({ locale, timeZone }: { locale: string; timeZone: string }) {
  const t = useTranslations("appointments");
  const tc = useTranslations("calendar");
  return useCallback(
    (forecast: MessageForecast[], kind?: "in_person" | "video") => {
      if (forecast.length === 0) return t("forecast.nothing");
      const parts = describeForecast(forecast, { t: t as never, locale, timeZone, now: new Date() });
      // Video messages carry the join link. No message carries the clinic's address yet: an in-person visit claims nothing.
      if (kind === "video" && forecast.some((m) => m.outcome === "send")) parts.push(tc("toast.video"));
      return parts.join(" · ");
    },
    [locale, timeZone, t, tc],
  );
}
