import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { formatPhone } from "@/lib/patients/phone";
import { onlineMethodsFor } from "@/lib/payments/checkout-options";
import { paymentGateway } from "@/lib/payments/gateway";
import { formatMoney } from "@/lib/payments/money";
import { getPaymentPage, recordPaymentLinkOpened } from "@/lib/payments/payment-page";
import { ClinicPhoneLink, LinkShell } from "../_components/link-shell";
import { NotFoundView } from "../_components/not-found-view";
import { PayButton } from "./pay-button";
import type { LinkViewProps } from "./types";

/**
 * A payment link (purpose "payment"), mobile first: the clinic, the amount still owed, the visit's date
 * and doctor, and one Pay button. Nothing is created at Stripe until it is pressed. A paid charge says
 * "paid, thank you"; an OXXO voucher or SPEI transfer awaiting confirmation says so. The state shown is
 * the database's (set by webhooks), never the return from the checkout.
 */
export async function PaymentView({ token, open, now }: LinkViewProps) {
  const { link, clinic, patient } = open;
  const db = await getDb();
  const page = await getPaymentPage(db, { clinicId: clinic.id, patientId: patient.id, chargeId: link.targetId });
  const locale = patient.locale;
  if (!page) return <NotFoundView locale={locale} />;
  await recordPaymentLinkOpened(db, { open, now });
  const [t, tl] = await Promise.all([
    getTranslations({ locale, namespace: "paymentPage" }),
    getTranslations({ locale, namespace: "patientLink" }),
  ]);
  const date = (value: Date) =>
    new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", { dateStyle: "long", timeZone: clinic.timezone }).format(value);
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: page.currency, locale });
  const methods = onlineMethodsFor({ amountMinor: page.balanceMinor, currency: page.currency });

  let body;
  if (page.state === "void") {
    body = (
      <>
        <h1 className="text-2xl font-semibold leading-tight">{t("voidTitle")}</h1>
        <p className="text-gray-700">{t("voidBody", { clinic: clinic.name })}</p>
      </>
    );
  } else if (page.state === "paid") {
    body = (
      <div className="space-y-2 rounded-lg bg-green-50 p-4 ring-1 ring-green-200" data-testid="payment-paid">
        <h1 className="text-2xl font-semibold leading-tight text-green-900">{t("paidTitle")}</h1>
        <p className="text-green-900">{t("paidBody", { amount: money(page.amountMinor), date: date(page.latest?.paidAt ?? now) })}</p>
      </div>
    );
  } else if (page.pendingMinor > 0) {
    // An OXXO voucher or a SPEI transfer: its reference (and CLABE) here, Stripe's own page one tap away.
    const pending = page.latest?.status === "pending" ? page.latest : null;
    const method = pending?.method === "oxxo" || pending?.method === "spei" ? pending.method : null;
    body = (
      <div className="space-y-2 rounded-lg bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="payment-pending" data-method={method ?? ""}>
        <h1 className="text-2xl font-semibold leading-tight text-amber-900">
          {method === "oxxo" ? t("oxxoTitle") : method === "spei" ? t("speiTitle") : t("pendingTitle")}
        </h1>
        <p className="text-amber-900">
          {method === "oxxo"
            ? t("oxxoBody", { amount: money(page.pendingMinor) })
            : method === "spei"
              ? t("speiBody", { amount: money(page.pendingMinor) })
              : t("pendingBody", { amount: money(page.pendingMinor) })}
        </p>
        {method && (pending?.reference || pending?.clabe) && (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-amber-950">
            {pending.clabe && (
              <>
                <dt className="font-medium">{t("clabe")}</dt>
                <dd className="font-mono text-lg tabular-nums" data-testid="payment-clabe">
                  {pending.clabe}
                </dd>
              </>
            )}
            {pending.reference && (
              <>
                <dt className="font-medium">{t("reference")}</dt>
                <dd className="font-mono text-lg tabular-nums" data-testid="payment-reference">
                  {pending.reference}
                </dd>
              </>
            )}
          </dl>
        )}
        {method === "oxxo" && pending?.instructionsExpireAt && (
          <p className="text-amber-900">{t("oxxoUntil", { date: date(pending.instructionsExpireAt) })}</p>
        )}
        {pending?.instructionsUrl && (
          <a href={pending.instructionsUrl} className="font-medium text-brand-700 underline" data-testid="payment-instructions-link">
            {method === "oxxo" ? t("oxxoVoucher") : method === "spei" ? t("speiInstructions") : t("pendingInstructions")}
          </a>
        )}
      </div>
    );
  } else {
    body = (
      <>
        <h1 className="text-2xl font-semibold leading-tight">{t("greeting", { firstName: patient.firstName })}</h1>
        {page.visit && <p className="text-gray-700">{t("intro", { doctor: page.visit.doctorName, date: date(page.visit.startsAt) })}</p>}
        <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
          <p className="text-sm text-gray-600">{t("amountDue")}</p>
          <p className="text-3xl font-semibold tabular-nums" data-testid="amount-due">
            {money(page.balanceMinor)}
          </p>
          <p className="mt-1 text-sm text-gray-600">
            {page.currency === "USD" ? t("methodsUsd") : methods.includes("oxxo") ? t("methodsMxn") : t("methodsMxnNoOxxo")}
          </p>
        </div>
        <PayButton
          token={token}
          labels={{
            pay: t("pay", { amount: money(page.balanceMinor) }),
            paying: t("paying"),
            errors: {
              unavailable: t("unavailable", { clinic: clinic.name }),
              providerError: t("failed"),
              pending: t("pendingBody", { amount: money(page.balanceMinor) }),
              paid: t("paidTitle"),
              void: t("voidBody", { clinic: clinic.name }),
              notFound: t("failed"),
            },
          }}
        />
        {/* Truthful about who takes the money: nobody, without Stripe keys. */}
        <p className="text-sm text-gray-600" data-testid="payment-processor">
          {paymentGateway().kind === "simulated" ? t("simulatedNote") : t("secure", { clinic: clinic.name })}
        </p>
      </>
    );
  }
  return (
    <LinkShell clinicName={clinic.name}>
      {body}
      <p className="text-sm text-gray-700">{t("questions", { clinic: clinic.name })}</p>
      <ClinicPhoneLink
        phone={clinic.phone}
        label={tl("callClinic", { clinic: clinic.name, phone: clinic.phone ? formatPhone(clinic.phone) : "" })}
      />
    </LinkShell>
  );
}
