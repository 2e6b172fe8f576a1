import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { paymentGateway } from "@/lib/payments/gateway";
import { formatMoney } from "@/lib/payments/money";
import { getSimulatedPayment } from "@/lib/payments/simulated-checkout";
import { LinkShell } from "../../_components/link-shell";
import { NotFoundView } from "../../_components/not-found-view";
import { linkPageLocale } from "../../_lib/link-request";
import { simulateOutcomeAction } from "./actions";

export const metadata: Metadata = { robots: { index: false, follow: false, nocache: true } };

type Params = { params: Promise<{ token: string; paymentId: string }> };

/**
 * Stands in for Stripe's hosted checkout when Luna has no Stripe key (npm run dev): clearly marked
 * simulated, it lets the demo user pay, leave an OXXO voucher pending, confirm it, or fail. Each button
 * becomes a signed Stripe-shaped event applied by the webhook handler. With Stripe configured: not found.
 */
export default async function SimulatedCheckoutPage({ params }: Params) {
  const { token, paymentId } = await params;
  const locale = await linkPageLocale(token);
  if (paymentGateway().kind !== "simulated") return <NotFoundView locale={locale} />;
  const payment = await getSimulatedPayment(await getDb(), { token, paymentId });
  if (!payment) return <NotFoundView locale={locale} />;
  const t = await getTranslations({ locale, namespace: "paymentPage.simulated" });
  const amount = formatMoney({ amountMinor: payment.amountMinor, currency: payment.currency, locale });
  const action = simulateOutcomeAction.bind(null, token, paymentId);
  const button =
    "inline-flex min-h-12 w-full items-center justify-center rounded-lg px-4 py-3 text-base font-semibold ring-1 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";
  const outcomes =
    payment.status === "requested"
      ? ([
          ["paid", t("payCard"), "bg-brand-600 text-white ring-brand-600 hover:bg-brand-700"],
          ...(payment.currency === "MXN"
            ? [
                ["pending", t("leavePending"), "bg-white text-gray-900 ring-gray-300 hover:bg-gray-50"],
                ["pending_spei", t("leavePendingSpei"), "bg-white text-gray-900 ring-gray-300 hover:bg-gray-50"],
              ]
            : []),
          ["failed", t("fail"), "bg-white text-red-800 ring-red-300 hover:bg-red-50"],
        ] as const)
      : payment.status === "pending"
        ? ([
            [
              "confirm",
              t(payment.method === "spei" ? "confirmPendingSpei" : "confirmPending"),
              "bg-brand-600 text-white ring-brand-600 hover:bg-brand-700",
            ],
            ["failed", t("fail"), "bg-white text-red-800 ring-red-300 hover:bg-red-50"],
          ] as const)
        : [];
  return (
    <>
      <p
        role="status"
        data-testid="simulated-checkout-banner"
        className="bg-amber-100 px-4 py-2 text-center text-sm font-semibold text-amber-900"
      >
        {t("banner")}
      </p>
      <LinkShell>
        <h1 className="text-2xl font-semibold leading-tight">{t("title")}</h1>
        <p className="text-gray-700">{t("body", { amount })}</p>
        <form action={action} className="space-y-3">
          {outcomes.map(([outcome, label, classes]) => (
            <button
              key={outcome}
              type="submit"
              name="outcome"
              value={outcome}
              className={`${button} ${classes}`}
              data-testid={`simulate-${outcome}`}
            >
              {label}
            </button>
          ))}
        </form>
        <a href={`/l/${token}`} className="block text-center font-medium text-brand-700 underline">
          {t("back")}
        </a>
      </LinkShell>
    </>
  );
}
