import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getStaffContext } from "@/lib/auth/session";
import { LocaleSwitcher } from "@/components/layout/locale-switcher";
import { Link } from "@/components/ui/link";
import { SignInForm } from "./_components/sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("submit") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getStaffContext()) redirect(`/${await getLocale()}`);
  const [{ callbackUrl }, t, tSignUp] = await Promise.all([searchParams, getTranslations("auth"), getTranslations("signUp")]);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-white px-4">
      <div className="absolute right-4 top-4">
        <LocaleSwitcher />
      </div>
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div
            className="mx-auto mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-brand-600 text-xl font-bold text-white"
            aria-hidden
          >
            L
          </div>
          <h1 className="text-2xl font-semibold text-gray-900">{t("title")}</h1>
          <p className="mt-2 text-sm text-gray-600">{t("subtitle")}</p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-gray-200">
          <SignInForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} />
        </div>
        <p className="mt-6 text-center text-sm text-gray-700">
          {tSignUp("fromSignIn")}{" "}
          <Link href="/sign-up" className="font-medium text-brand-700 underline">
            {tSignUp("fromSignInLink")}
          </Link>
        </p>
      </div>
    </main>
  );
}
