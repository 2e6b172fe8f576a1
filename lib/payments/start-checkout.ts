import { and, desc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, paymentAccounts, payments, users } from "@/db/schema";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { publicBaseUrl } from "@/lib/links/public-url";
import { errorMessage, log } from "@/lib/log";
import { getChargeWithBalance } from "./balances";
import { MIN_CHARGE_MINOR } from "./checkout-options";
import type { PaymentGateway } from "./gateway";
import { recordPaymentEvent } from "./history";

export type StartCheckoutResult =
  | { ok: true; url: string; reused: boolean }
  | { ok: false; error: "notFound" | "paid" | "void" | "pending" | "unavailable" | "providerError" };

/** A Checkout Session lives this long (Stripe allows 30 min – 24 h); the patient link itself lives 7 days. */
export const CHECKOUT_SESSION_MINUTES = 60;
/** A session this close to its end is not handed out again. */
const REUSE_MARGIN_MS = 10 * 60_000;

/**
 * The patient pressed "Pay" on their payment link. The token is checked again; the balance is re-read;
 * a live session for the same amount is reused, otherwise a `requested` payment row is written and
 * committed *before* the provider call (PGlite has one connection; no transaction is held across the
 * network), then the session is created and its id stored. Never trusts anything from the browser but
 * the token.
 */
export async function startCheckout(db: Db, params: { token: string; gateway: PaymentGateway; now?: Date }): Promise<StartCheckoutResult> {
  const now = params.now ?? new Date();
  const resolved = await resolveSecureLink(db, params.token, now);
  if (resolved.status !== "ok" || resolved.link.purpose !== "payment") return { ok: false, error: "notFound" };
  const clinicId = resolved.clinic.id;
  const charge = await getChargeWithBalance(db, { clinicId, chargeId: resolved.link.targetId });
  if (!charge || charge.patientId !== resolved.patient.id) return { ok: false, error: "notFound" };
  if (charge.state === "void") return { ok: false, error: "void" };
  if (charge.balanceMinor <= 0) return { ok: false, error: "paid" };
  if (charge.pendingMinor > 0) return { ok: false, error: "pending" };
  if (charge.balanceMinor < MIN_CHARGE_MINOR[charge.currency]) return { ok: false, error: "unavailable" };
  const [account] = await db.select().from(paymentAccounts).where(eq(paymentAccounts.clinicId, clinicId)).limit(1);
  if (params.gateway.kind === "stripe" && !account) return { ok: false, error: "unavailable" };

  const [live] = await db
    .select({ id: payments.id, url: payments.checkoutUrl, amountMinor: payments.amountMinor })
    .from(payments)
    .where(
      and(
        eq(payments.clinicId, clinicId),
        eq(payments.chargeId, charge.id),
        eq(payments.status, "requested"),
        eq(payments.provider, params.gateway.kind),
        gt(payments.checkoutExpiresAt, new Date(now.getTime() + REUSE_MARGIN_MS)),
      ),
    )
    .orderBy(desc(payments.createdAt))
    .limit(1);
  if (live?.url && live.amountMinor === charge.balanceMinor) return { ok: true, url: live.url, reused: true };

  const [visit] = await db
    .select({ doctorName: users.name })
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, charge.appointmentId)))
    .limit(1);
  const expiresAt = new Date(now.getTime() + CHECKOUT_SESSION_MINUTES * 60_000);
  const paymentId = await db.transaction(async (tx) => {
    const [payment] = await tx
      .insert(payments)
      .values({
        clinicId,
        chargeId: charge.id,
        provider: params.gateway.kind,
        amountMinor: charge.balanceMinor,
        currency: charge.currency,
        status: "requested",
        secureLinkId: resolved.link.id,
        providerAccountId: params.gateway.kind === "stripe" ? account!.accountId : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: payments.id });
    await recordPaymentEvent(tx, {
      clinicId,
      chargeId: charge.id,
      paymentId: payment.id,
      type: "checkout.opened",
      source: "patient",
      metadata: { provider: params.gateway.kind, amountMinor: charge.balanceMinor, currency: charge.currency },
      now,
    });
    return payment.id;
  });

  const linkPage = `${publicBaseUrl()}/l/${params.token}`;
  const doctor = visit?.doctorName ?? resolved.clinic.name;
  try {
    const created = await params.gateway.createCheckout({
      paymentId,
      chargeId: charge.id,
      clinicId,
      amountMinor: charge.balanceMinor,
      currency: charge.currency,
      locale: resolved.patient.locale,
      description:
        resolved.patient.locale === "en"
          ? `Visit with ${doctor} — ${resolved.clinic.name}`
          : `Consulta con ${doctor} — ${resolved.clinic.name}`,
      successUrl: `${linkPage}?checkout=done`,
      cancelUrl: linkPage,
      expiresAt,
      accountId: account?.accountId ?? null,
      patientRef: resolved.patient.id,
      token: params.token,
    });
    await db
      .update(payments)
      .set({ checkoutSessionId: created.sessionId, checkoutUrl: created.url, checkoutExpiresAt: created.expiresAt, updatedAt: new Date() })
      .where(and(eq(payments.clinicId, clinicId), eq(payments.id, paymentId)));
    return { ok: true, url: created.url, reused: false };
  } catch (error) {
    // No session came back: the attempt is failed (it never counted as money); the next click makes a new one.
    await db
      .update(payments)
      .set({ status: "failed", failedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(payments.clinicId, clinicId), eq(payments.id, paymentId)));
    log.error({ err: errorMessage(error), paymentId, clinicId }, "payments: checkout could not be created");
    return { ok: false, error: "providerError" };
  }
}
