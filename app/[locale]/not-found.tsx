import { getTranslations } from "next-intl/server";
import { Link } from "@/components/ui/link";
import { buttonClasses } from "@/components/ui/button";

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center gap-4 px-6 text-center">
      <p className="text-5xl font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="text-gray-600">{t("notFoundBody")}</p>
      <Link href="/" className={buttonClasses("secondary")}>
        {t("backHome")}
      </Link>
    </main>
  );
}
