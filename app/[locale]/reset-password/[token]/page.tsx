import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { AuthCard } from "@/components/layout/auth-card";
import { Link } from "@/components/ui/link";
import { resolvePasswordReset } from "@/lib/auth/password-reset";
import { ResetPasswordForm } from "./_components/reset-password-form";

export const metadata: Metadata = { robots: { index: false, follow: false } };

/** /<locale>/reset-password/<token> (public): a new password from a single-use, 15-minute link. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const [{ token }, t] = await Promise.all([params, getTranslations("passwordReset")]);
  const reset = await resolvePasswordReset(await getDb(), { token });
  if (!reset) {
    return (
      <AuthCard title={t("invalidTitle")}>
        <p role="alert" className="text-sm text-gray-700" data-testid="reset-invalid">
          {t("invalid")}
        </p>
        <p className="mt-4 text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 underline">
            {t("requestNew")}
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("resetTitle")}>
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
