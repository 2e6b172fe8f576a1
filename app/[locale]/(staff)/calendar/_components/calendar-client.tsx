"use client";

import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import type { AppointmentCalendarProps } from "./appointment-calendar";

// FullCalendar reads the clock and the DOM while rendering: it renders in the browser only.
const AppointmentCalendar = dynamic(() => import("./appointment-calendar").then((m) => m.AppointmentCalendar), {
  ssr: false,
  loading: () => <CalendarLoading />,
});

function CalendarLoading() {
  const t = useTranslations("calendar");
  return (
    <div
      role="status"
      className="flex h-96 items-center justify-center rounded-lg bg-white text-sm text-gray-600 shadow-sm ring-1 ring-gray-200"
    >
      {t("loading")}
    </div>
  );
}

export function CalendarClient(props: AppointmentCalendarProps) {
  return <AppointmentCalendar {...props} />;
}
