import { redirect } from "@/i18n/navigation";
import { getLocale } from "next-intl/server";

/** Settings open on the reminders grid until the account page exists. */
export default async function SettingsPage() {
  redirect({ href: "/settings/reminders", locale: await getLocale() });
}
