import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { recordSecureLinkOpen, type SecureLinkPurpose } from "@/lib/links/secure-links";
import { ExpiredView } from "./_components/expired-view";
import { NotFoundView } from "./_components/not-found-view";
import { linkPageLocale, linkRequestNow, resolveLinkForRequest } from "./_lib/link-request";
import type { LinkView } from "./_views/types";
import { DocumentView } from "./_views/document";
import { FormView } from "./_views/form";
import { CarePlanView } from "./_views/care-plan";

/**
 * One view per link purpose. A purpose without a view answers "link not found" (so does a view whose
 * target is missing: it returns <NotFoundView locale={open.patient.locale} />).
 * To add one: write ./_views/<purpose>.tsx exporting a LinkView and add its line here.
 */
const VIEWS: Partial<Record<SecureLinkPurpose, LinkView>> = {
  lab_result: DocumentView,
  prescription: DocumentView,
  form: FormView,
  care_plan: CarePlanView,
};

type Params = { params: Promise<{ token: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { token } = await params;
  const [resolved, locale] = await Promise.all([resolveLinkForRequest(token), linkPageLocale(token)]);
  const t = await getTranslations({ locale, namespace: "patientLink" });
  const title =
    resolved.status === "ok"
      ? resolved.clinic.name
      : resolved.status === "not_found"
        ? t("notFoundTitle")
        : t("expiredTitle");
  return { title, robots: { index: false, follow: false, nocache: true }, referrer: "no-referrer" };
}

export default async function PatientLinkPage({ params }: Params) {
  const { token } = await params;
  const resolved = await resolveLinkForRequest(token);
  if (resolved.status === "not_found") return <NotFoundView locale={await linkPageLocale(token)} />;
  if (resolved.status !== "ok") return <ExpiredView clinic={resolved.clinic} locale={resolved.locale} />;
  const View = VIEWS[resolved.link.purpose];
  if (!View) return <NotFoundView locale={resolved.patient.locale} />;
  const now = await linkRequestNow();
  await recordSecureLinkOpen(await getDb(), { linkId: resolved.link.id, now });
  return <View token={token} open={resolved} now={now} />;
}
