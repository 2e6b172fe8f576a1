import { hasLocale } from "next-intl";
import { getDb } from "@/db/client";
import { routing } from "@/i18n/routing";
import { getStaffContext } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { publicBaseUrl } from "@/lib/links/public-url";
import { createStripeClient } from "@/lib/payments/gateway";
import { connectUrls, startStripeOnboarding } from "@/lib/payments/stripe-connect";

/**
 * GET /{locale}/settings/payments/connect — Stripe's `refresh_url`: an Account Link expired or was used, so
 * a fresh one is made for the clinic's account on record and the admin is sent on to it (never stored).
 * Anything else lands back on Settings → Payments with the reason.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return new Response("Not found", { status: 404 });
  const ctx = await getStaffContext();
  if (!ctx) return Response.redirect(`${publicBaseUrl()}/${locale}/sign-in`, 303);
  const env = getEnv();
  const result = await startStripeOnboarding(await getDb(), ctx, {
    stripe: env.STRIPE_SECRET_KEY ? createStripeClient(env.STRIPE_SECRET_KEY) : null,
    ...connectUrls(locale),
  });
  if (result.ok) return Response.redirect(result.url, 303);
  return Response.redirect(`${publicBaseUrl()}/${locale}/settings/payments?connect=${result.error}`, 303);
}
