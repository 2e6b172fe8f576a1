import type Stripe from "stripe";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { paymentAccounts } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { publicBaseUrl } from "@/lib/links/public-url";
import { errorMessage, log } from "@/lib/log";

/**
 * Stripe Connect onboarding (Settings → Payments): each clinic is the merchant of record on its own
 * connected account (direct charges). The account is created once with controller properties, the
 * current replacement of the legacy "Standard" type: the clinic gets Stripe's full Dashboard, pays Stripe's
 * fees itself and Stripe carries the losses (docs.stripe.com/connect/risk-management/connected-accounts-with-managed-risk).
 * Its id is kept in payment_accounts; onboarding then goes through a v1 Account Link (`account_onboarding`,
 * `collection_options` — `collect` is deprecated). An Account Link is single-use and short-lived: it is
 * never stored, a fresh one is made each time (its refresh_url comes back here).
 */

export interface ConnectAccountState {
  accountId: string;
  /** Stripe accepts payments on it (onboarding done). */
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
}

/** The clinic's connected account on record (null: not connected yet). */
export async function getConnectedAccountId(db: Db, params: { clinicId: string }): Promise<string | null> {
  const [row] = await db
    .select({ accountId: paymentAccounts.accountId })
    .from(paymentAccounts)
    .where(and(eq(paymentAccounts.clinicId, params.clinicId), eq(paymentAccounts.provider, "stripe")))
    .limit(1);
  return row?.accountId ?? null;
}

export type StartOnboardingResult =
  { ok: true; url: string; accountId: string; created: boolean } | { ok: false; error: "forbidden" | "notConfigured" | "providerError" };

/**
 * Starts (or resumes) the clinic's Stripe onboarding: creates its connected account when none is on
 * record (idempotent per clinic at Stripe, unique per clinic here), then an Account Link for it. Admins
 * (settings:write) only; no Stripe key: `notConfigured`. The provider is called outside any transaction.
 * Audited as `payments.connect_onboarding` (the account id, never the link).
 */
export async function startStripeOnboarding(
  db: Db,
  ctx: StaffContext,
  params: { stripe: Stripe | null; refreshUrl: string; returnUrl: string },
): Promise<StartOnboardingResult> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const { stripe } = params;
  if (!stripe) return { ok: false, error: "notConfigured" };
  let accountId = await getConnectedAccountId(db, { clinicId: ctx.clinicId });
  let created = false;
  try {
    if (!accountId) {
      const account = await stripe.accounts.create(
        {
          country: "MX",
          controller: {
            stripe_dashboard: { type: "full" },
            fees: { payer: "account" },
            losses: { payments: "stripe" },
          },
          metadata: { luna_clinic_id: ctx.clinicId },
        },
        { idempotencyKey: `luna-connect-account-${ctx.clinicId}` },
      );
      // Two admins at once: the first row wins, and Stripe's idempotency gave both the same account.
      await db.insert(paymentAccounts).values({ clinicId: ctx.clinicId, provider: "stripe", accountId: account.id }).onConflictDoNothing();
      accountId = (await getConnectedAccountId(db, { clinicId: ctx.clinicId })) ?? account.id;
      created = accountId === account.id;
    }
    const link = await stripe.accountLinks.create({
      account: accountId,
      type: "account_onboarding",
      refresh_url: params.refreshUrl,
      return_url: params.returnUrl,
      collection_options: { fields: "currently_due" },
    });
    await recordAudit(db, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "payments.connect_onboarding",
      entityType: "clinic",
      entityId: ctx.clinicId,
      metadata: { accountId, created },
    });
    return { ok: true, url: link.url, accountId, created };
  } catch (error) {
    log.warn({ clinicId: ctx.clinicId, err: errorMessage(error) }, "stripe connect: onboarding failed");
    return { ok: false, error: "providerError" };
  }
}

/** Whether the clinic's account can take payments yet (Settings → Payments); null when Stripe cannot say. */
export async function getConnectAccountState(params: { stripe: Stripe; accountId: string }): Promise<ConnectAccountState | null> {
  try {
    const account = await params.stripe.accounts.retrieve(params.accountId);
    return {
      accountId: account.id,
      chargesEnabled: Boolean(account.charges_enabled),
      detailsSubmitted: Boolean(account.details_submitted),
    };
  } catch (error) {
    log.warn({ accountId: params.accountId, err: errorMessage(error) }, "stripe connect: account lookup failed");
    return null;
  }
}

/** Where Stripe sends the admin back (return), or for a fresh link (refresh: a GET route makes one and redirects). */
export function connectUrls(locale: string) {
  const base = publicBaseUrl();
  return {
    refreshUrl: `${base}/${locale}/settings/payments/connect`,
    returnUrl: `${base}/${locale}/settings/payments?connect=returned`,
  };
}
