"use client";

import { useCallback, useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { getVisitChargesAction } from "@/lib/payments/actions";
import { formatMoney } from "@/lib/payments/money";
import { Link } from "@/components/ui/link";
import { AddChargeForm, PaymentLinkButton } from "../../patients/[patientId]/_components/payment-forms";

type Charges = NonNullable<Awaited<ReturnType<typeof getVisitChargesAction>>>;

/**
 * The visit's charges in the calendar's visit dialog: each with what is still owed, "send payment link",
 * and "add a charge" for this visit (the chart's own forms). Desk payments, voids and the history stay on
 * the chart, one link away. Nothing for members without payments:read.
 */
export function VisitCharges({
  appointmentId,
  patientId,
  visitLabel,
  locale,
  timeZone,
}: {
  appointmentId: string;
  patientId: string;
  visitLabel: string;
  locale: "es" | "en";
  timeZone: string;
}) {
  const t = useTranslations("payments");
  const [data, setData] = useState<Charges | null>(null);
  const load = useCallback(async () => setData(await getVisitChargesAction(appointmentId)), [appointmentId]);
  useEffect(() => {
    let alive = true;
    void getVisitChargesAction(appointmentId).then((next) => {
      if (alive) setData(next);
    });
    return () => {
      alive = false;
    };
  }, [appointmentId]);
  if (!data) return null;
  const money = (amountMinor: number, currency: Charges["charges"][number]["currency"]) => formatMoney({ amountMinor, currency, locale });

  return (
    <section aria-labelledby="visit-charges-heading" className="space-y-2" data-testid="visit-charges">
      <div className="flex items-center justify-between gap-2">
        <h3 id="visit-charges-heading" className="text-sm font-semibold text-gray-800">
          {t("visit.title")}
        </h3>
        <Link href={`/patients/${patientId}`} className="text-sm text-brand-700 underline underline-offset-2">
          {t("visit.openChart")}
        </Link>
      </div>
      {data.charges.length === 0 ? (
        <p className="text-sm text-gray-600">{t("visit.none")}</p>
      ) : (
        <ul className="space-y-2">
          {data.charges.map((charge) => (
            <li key={charge.id} className="space-y-2 rounded-md p-3 text-sm ring-1 ring-gray-200" data-testid="visit-charge">
              <p className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">{charge.concept}</span>
                <span className="tabular-nums">{t("charge.amount", { amount: money(charge.amountMinor, charge.currency) })}</span>
              </p>
              <p className="text-gray-700">
                {t(`states.${charge.state}`)}
                {charge.state !== "void" &&
                  charge.balanceMinor > 0 &&
                  ` · ${t("charge.remaining", { amount: money(charge.balanceMinor, charge.currency) })}`}
                {charge.pendingMinor > 0 && ` · ${t("charge.pending", { amount: money(charge.pendingMinor, charge.currency) })}`}
              </p>
              {data.canWrite && charge.state !== "void" && charge.balanceMinor > 0 && (
                <PaymentLinkButton patientId={patientId} chargeId={charge.id} timeZone={timeZone} />
              )}
            </li>
          ))}
        </ul>
      )}
      {data.canWrite && (
        <details className="group rounded-md ring-1 ring-gray-200">
          <summary className="cursor-pointer list-none px-3 py-2 text-sm font-semibold text-brand-700 hover:bg-gray-50">
            <span aria-hidden="true" className="mr-2 inline-block transition-transform group-open:rotate-90">
              ›
            </span>
            {t("addTitle")}
          </summary>
          <div className="border-t border-gray-100 px-3 py-3">
            <AddChargeForm
              patientId={patientId}
              defaultCurrency={data.defaultCurrency}
              visits={[{ id: appointmentId, label: visitLabel }]}
              onAdded={() => void load()}
            />
          </div>
        </details>
      )}
    </section>
  );
}
