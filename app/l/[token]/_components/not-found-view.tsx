import { getTranslations } from "next-intl/server";
import type { Locale } from "@/db/schema";
import { LinkShell } from "./link-shell";

/**
 * Unknown (or malformed) token: a plain page that names no clinic and no patient. Rendered by the page
 * itself, not through notFound(): Next.js renders a thrown notFound() only after hydration
 * (vercel/next.js#62228), and a patient on a slow phone must see the text in the HTML.
 */
export async function NotFoundView({ locale }: { locale: Locale }) {
  const t = await getTranslations({ locale, namespace: "patientLink" });
  return (
    <LinkShell>
      <h1 className="text-2xl font-semibold leading-tight">{t("notFoundTitle")}</h1>
      <p className="text-gray-700">{t("notFoundBody")}</p>
    </LinkShell>
  );
}
