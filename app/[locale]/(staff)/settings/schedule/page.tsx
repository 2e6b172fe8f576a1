import { redirect } from "@/i18n/navigation";
import { getLocale } from "next-intl/server";

/** Schedule has one page so far: the appointment reminders. */
export default async function SchedulePage() {
  redirect({ href: "/settings/schedule/reminders", locale: await getLocale() });
}
