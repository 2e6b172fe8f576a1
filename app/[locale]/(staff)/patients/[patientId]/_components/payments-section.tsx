import { getLocale, getTranslations } from "next-intl/server";
import { Disclosure } from "@/components/ui/disclosure";
import { getDb } from "@/db/client";
import { CURRENCIES, type Currency, type Locale } from "@/db/schema";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/dates";
import { getPatientBalance, listChargeEvents, listPatientCharges } from "@/lib/payments/balances";
import { eventLabelKey, type PaymentEventType } from "@/lib/payments/history";
import { formatDueDate } from "@/lib/payments/labels";
import { formatMoney, toMoneyInputValue } from "@/lib/payments/money";
import { listClinicStaff, listPatientVisits } from "@/lib/payments/queries";
import { AddChargeForm, DeskPaymentForm, PaymentLinkButton, VoidChargeForm } from "./payment-forms";

/** The chart's payments: the patient's balance across visits, each charge with its balance and history, and the staff actions. */
export async function PaymentsSection({ patientId }: { patientId: string }) {
  const ctx = await requireStaff("patients:read");
  if (!can(ctx.role, "payments:read")) return null;
  const [db, t, locale] = await Promise.all([getDb(), getTranslations("payments"), getLocale() as Promise<Locale>]);
  const [rows, balance, visits, staff] = await Promise.all([
    listPatientCharges(db, { clinicId: ctx.clinicId, patientId }),
    getPatientBalance(db, { clinicId: ctx.clinicId, patientId }),
    listPatientVisits(db, { clinicId: ctx.clinicId, patientId }),
    listClinicStaff(db, { clinicId: ctx.clinicId }),
  ]);
  const events = await listChargeEvents(db, { clinicId: ctx.clinicId, chargeIds: rows.map((r) => r.id) });
  const timeZone = ctx.clinic.timezone;
  const canWrite = can(ctx.role, "payments:write");
  const canVoid = can(ctx.role, "payments:void");
  const visitById = new Map(visits.map((v) => [v.id, v]));
  const money = (amountMinor: number, currency: Currency) => formatMoney({ amountMinor, currency, locale });
  const owed = (Object.entries(balance) as [Currency, number][]).map(([currency, amount]) => money(amount, currency));
  const defaultCurrency = (CURRENCIES as readonly string[]).includes(ctx.clinic.currency) ? (ctx.clinic.currency as Currency) : "MXN";

  return (
    <section aria-labelledby="payments-heading" className="space-y-3" data-testid="payments-section">
      <h2 id="payments-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm font-medium text-gray-900" data-testid="patient-balance">
        {owed.length > 0 ? t("balance", { amount: owed.join(" · ") }) : t("noBalance")}
      </p>
      {canWrite && visits.length > 0 && (
        <Disclosure title={t("addTitle")} help={t("addHelp")}>
          <AddChargeForm
            patientId={patientId}
            defaultCurrency={defaultCurrency}
            visits={visits.map((v) => ({ id: v.id, label: `${formatDateTime(v.startsAt, { locale, timeZone })} · ${v.doctorName}` }))}
          />
        </Disclosure>
      )}
      {rows.length === 0 ? (
        <p className="text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <ul className="space-y-3">
          {rows.map((row) => {
            const visit = visitById.get(row.appointmentId);
            const history = events.filter((e) => e.chargeId === row.id);
            return (
              <li key={row.id} className="space-y-2 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-gray-200" data-testid="charge">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <p className="font-medium">{row.concept}</p>
                  <span
                    className="rounded-full bg-gray-100 px-2 py-0.5 text-xs font-medium text-gray-800 ring-1 ring-gray-200"
                    data-testid="charge-state"
                  >
                    {t(`states.${row.state}`)}
                  </span>
                </div>
                {visit && (
                  <p className="text-gray-700">
                    {t("charge.visit", { date: formatDateTime(visit.startsAt, { locale, timeZone }), doctor: visit.doctorName })}
                  </p>
                )}
                <p className="text-gray-700">
                  {t("charge.amount", { amount: money(row.amountMinor, row.currency) })}
                  {row.dueDate && <> · {t("charge.due", { date: formatDueDate(row.dueDate, locale) })}</>}
                </p>
                {row.state !== "void" && row.balanceMinor > 0 && (
                  <p className="font-medium text-gray-900" data-testid="charge-balance">
                    {t("charge.remaining", { amount: money(row.balanceMinor, row.currency) })}
                  </p>
                )}
                {row.pendingMinor > 0 && (
                  <p className="text-amber-800">{t("charge.pending", { amount: money(row.pendingMinor, row.currency) })}</p>
                )}
                {row.state === "void" && row.voidReason && (
                  <p className="text-gray-700">{t("charge.voided", { reason: row.voidReason })}</p>
                )}
                {history.length > 0 && (
                  <div>
                    <p className="text-xs font-semibold uppercase tracking-wide text-gray-600">{t("history")}</p>
                    <ol className="mt-1 space-y-0.5 text-gray-700" data-testid="charge-history">
                      {history.map((event) => {
                        const label = t(`events.${eventLabelKey(event.type as PaymentEventType)}` as "events.charge_created");
                        const method =
                          typeof event.metadata?.method === "string"
                            ? ` (${t(`methods.${event.metadata.method}` as "methods.cash")})`
                            : typeof event.metadata?.channel === "string"
                              ? ` (${t(`channels.${event.metadata.channel}` as "channels.whatsapp")})`
                              : "";
                        // An OXXO voucher's number or a SPEI reference, and the voucher/instructions page.
                        const reference =
                          typeof event.metadata?.reference === "string"
                            ? ` · ${t("reference", { reference: event.metadata.reference })}`
                            : "";
                        const instructionsUrl = typeof event.metadata?.instructionsUrl === "string" ? event.metadata.instructionsUrl : null;
                        return (
                          <li key={event.id}>
                            <time className="text-gray-500">{formatDateTime(event.createdAt, { locale, timeZone })}</time>{" "}
                            {event.actorName
                              ? t("eventBy", { event: `${label}${method}${reference}`, who: event.actorName })
                              : `${label}${method}${reference}`}
                            {instructionsUrl && (
                              <>
                                {" · "}
                                <a href={instructionsUrl} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                                  {t("viewInstructions")}
                                </a>
                              </>
                            )}
                          </li>
                        );
                      })}
                    </ol>
                  </div>
                )}
                {canWrite && row.state !== "void" && row.balanceMinor > 0 && (
                  <div className="space-y-2 pt-1">
                    <PaymentLinkButton patientId={patientId} chargeId={row.id} timeZone={timeZone} />
                    <Disclosure title={t("desk.title")}>
                      <DeskPaymentForm
                        patientId={patientId}
                        chargeId={row.id}
                        balanceLabel={money(row.balanceMinor, row.currency)}
                        balanceValue={toMoneyInputValue(row.balanceMinor, row.currency)}
                        staff={staff}
                        defaultTakenById={ctx.userId}
                      />
                    </Disclosure>
                    {canVoid && row.collectedMinor === 0 && row.pendingMinor === 0 && (
                      <Disclosure title={t("void.title")} help={t("void.help")}>
                        <VoidChargeForm patientId={patientId} chargeId={row.id} />
                      </Disclosure>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
