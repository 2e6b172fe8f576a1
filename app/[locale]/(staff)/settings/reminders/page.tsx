import { redirect } from "@/i18n/navigation";
import { getLocale } from "next-intl/server";

/** The grid moved under Schedule; old links and bookmarks still land on it. */
export default async function OldRemindersPage() {
  redirect({ href: "/settings/schedule/reminders", locale: await getLocale() });
}
