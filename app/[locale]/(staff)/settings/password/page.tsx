import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/session";
import { ChangePasswordForm } from "./_components/change-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("security.password"))("title") };
}

/** Settings → Password (every role): change one's own password; the other sessions end. */
export default async function PasswordSettingsPage() {
  await requireStaff("settings:read");
  const t = await getTranslations("security.password");
  return (
    <div className="max-w-md space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("intro")}</p>
      </div>
      <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
        <ChangePasswordForm />
      </div>
    </div>
  );
}
