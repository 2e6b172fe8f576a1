import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/layout/auth-card";
import { getStaffContext } from "@/lib/auth/session";
import { timeZoneOptions } from "@/lib/clinics/timezones";
import { SignUpForm } from "./_components/sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signUp"))("title") };
}

/** /<locale>/sign-up (public): a clinic signs itself up; the email is confirmed by a link before anything exists. */
export default async function SignUpPage() {
  if (await getStaffContext()) redirect(`/${await getLocale()}`);
  const t = await getTranslations("signUp");
  return (
    <AuthCard title={t("title")} subtitle={t("subtitle")}>
      <SignUpForm timeZones={timeZoneOptions()} />
    </AuthCard>
  );
}
