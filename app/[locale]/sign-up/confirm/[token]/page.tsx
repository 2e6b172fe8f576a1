import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { AuthCard } from "@/components/layout/auth-card";
import { Link } from "@/components/ui/link";
import { resolveClinicSignUp } from "@/lib/onboarding/confirm-sign-up";
import { ConfirmSignUpForm } from "./_components/confirm-sign-up-form";

export const metadata: Metadata = { robots: { index: false, follow: false } };

/**
 * /<locale>/sign-up/confirm/<token> (public): opening the link changes nothing (mail scanners open links);
 * the button makes the clinic. An unknown, used or expired link gets a localized page.
 */
export default async function ConfirmSignUpPage({ params }: { params: Promise<{ token: string }> }) {
  const [{ token }, t] = await Promise.all([params, getTranslations("signUp")]);
  const signup = await resolveClinicSignUp(await getDb(), { token });
  if (!signup) {
    return (
      <AuthCard title={t("invalidTitle")}>
        <p role="alert" className="text-sm text-gray-700" data-testid="sign-up-invalid">
          {t("invalid")}
        </p>
        <p className="mt-4 text-sm">
          <Link href="/sign-up" className="font-medium text-brand-700 underline">
            {t("signUpAgain")}
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("confirmTitle")} subtitle={t("confirmSubtitle", { clinic: signup.clinicName, email: signup.email })}>
      <ConfirmSignUpForm token={token} />
    </AuthCard>
  );
}
