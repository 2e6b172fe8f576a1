import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { LINK_PAGE_PURPOSES, type LinkPagePurpose } from "@/lib/links/link-page-status";
import { recordSecureLinkOpen } from "@/lib/links/secure-links";
import { ExpiredView } from "./_components/expired-view";
import { NotFoundView } from "./_components/not-found-view";
import { linkPageLocale, linkRequestNow, resolveLinkForRequest } from "./_lib/link-request";
import type { LinkView } from "./_views/types";
import { DocumentView } from "./_views/document";
import { FormView } from "./_views/form";
import { CarePlanView } from "./_views/care-plan";
import { PaymentView } from "./_views/payment";

/**
 * One view per link purpose with a page (LINK_PAGE_PURPOSES, which proxy.ts also reads to answer 404 for
 * the others before rendering). A view whose target is missing returns <NotFoundView locale={…} />.
 * To add one: write ./_views/<purpose>.tsx exporting a LinkView, add the purpose to LINK_PAGE_PURPOSES
 * and its line here.
 */
const VIEWS: Record<LinkPagePurpose, LinkView> = {
  lab_result: DocumentView,
  prescription: DocumentView,
  form: FormView,
  care_plan: CarePlanView,
  payment: PaymentView,
};

const isPagePurpose = (purpose: string): purpose is LinkPagePurpose => (LINK_PAGE_PURPOSES as readonly string[]).includes(purpose);

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
        : t(resolved.status === "revoked" ? "revokedTitle" : "expiredTitle");
  return { title, robots: { index: false, follow: false, nocache: true }, referrer: "no-referrer" };
}

/**
 * The status line was set by proxy.ts before this renders (linkPageStatus: 404 unknown, 410 expired or
 * revoked), so the page only chooses the words. It renders those views itself rather than calling
 * notFound(), which Next.js renders only after hydration (vercel/next.js#62228).
 */
export default async function PatientLinkPage({ params }: Params) {
  const { token } = await params;
  const resolved = await resolveLinkForRequest(token);
  if (resolved.status === "not_found") return <NotFoundView locale={await linkPageLocale(token)} />;
  if (resolved.status !== "ok") return <ExpiredView clinic={resolved.clinic} locale={resolved.locale} reason={resolved.status} />;
  const purpose = resolved.link.purpose;
  if (!isPagePurpose(purpose)) return <NotFoundView locale={resolved.patient.locale} />;
  const View = VIEWS[purpose];
  const now = linkRequestNow();
  await recordSecureLinkOpen(await getDb(), { linkId: resolved.link.id, now });
  return <View token={token} open={resolved} now={now} />;
}
