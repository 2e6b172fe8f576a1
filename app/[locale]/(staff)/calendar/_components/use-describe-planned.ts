"use client";

import { useCallback } from "react";
import { useTranslations } from "next-intl";
import type { PlannedMessage } from "@/lib/appointments/actions";

/** Due within this long is "going out now" (the driver picks it up at once). */
const NOW_WINDOW_MS = 60_000;

/**
 * The toast's account of what a change set in motion, from the deliveries the engine actually created:
 * "Confirmación sale ahora por WhatsApp · Recordatorio por WhatsApp programado para el jue, 26 nov, 10:00".
 */
export function useDescribePlanned({ locale, timeZone }: { locale: string; timeZone: string }) {
  const t = useTranslations("appointments");
  const tc = useTranslations("calendar");
  return useCallback(
    (planned: PlannedMessage[], kind?: "in_person" | "video") => {
      if (planned.length === 0) return tc("toast.nothing");
      const now = Date.now();
      const date = new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", {
        timeZone,
        weekday: "short",
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: locale === "en" ? "h12" : "h23",
      });
      const parts = [...planned]
        .sort((a, b) => new Date(a.sendAt).getTime() - new Date(b.sendAt).getTime())
        .map((m) => {
          const sendAt = new Date(m.sendAt);
          const values = {
            type: t(`types.${m.notificationType}` as "types.reminder"),
            channel: t(`channels.${m.channel}` as "channels.sms"),
            date: date.format(sendAt),
          };
          return sendAt.getTime() - now <= NOW_WINDOW_MS ? tc("toast.now", values) : tc("toast.scheduled", values);
        });
      if (kind) parts.push(tc(kind === "video" ? "toast.video" : "toast.inPerson"));
      return parts.join(" · ");
    },
    [locale, timeZone, t, tc],
  );
}
