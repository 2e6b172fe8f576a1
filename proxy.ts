import createIntlMiddleware from "next-intl/middleware";
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { auth } from "@/lib/auth/auth";
import { routing } from "@/i18n/routing";
import { clientKeyOf, consumeLinkRequest } from "@/lib/links/rate-limit";
import { tooManyRequestsResponse } from "@/lib/links/too-many-requests";

const handleI18nRouting = createIntlMiddleware(routing);

const PUBLIC_PATHS = new Set(["/sign-in"]);

/**
 * Runs on Node (Next.js 16 proxy). Resolves the locale (es by default, remembered in a cookie) and
 * sends visitors without a session to sign-in. Pages still check the session themselves: this is the
 * fast path, not the guarantee.
 */
const guarded = auth((request) => {
  const response = handleI18nRouting(request);
  if (response.headers.get("location")) return response;

  const [, maybeLocale, ...rest] = request.nextUrl.pathname.split("/");
  const locale = (routing.locales as readonly string[]).includes(maybeLocale) ? maybeLocale : routing.defaultLocale;
  const pathWithinLocale = `/${rest.join("/")}`.replace(/\/$/, "") || "/";

  if (!request.auth && !PUBLIC_PATHS.has(pathWithinLocale)) {
    const signIn = new URL(`/${locale}/sign-in`, request.url);
    if (pathWithinLocale !== "/") signIn.searchParams.set("callbackUrl", `/${locale}${pathWithinLocale}${request.nextUrl.search}`);
    return NextResponse.redirect(signIn);
  }
  return response;
});

// With a lazily built Auth.js config (the secret is resolved at run time, not at build), wrapping
// a handler with `auth` yields a promise of the wrapped handler.
const wrapped = guarded as unknown as Promise<(request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>>;

/**
 * Patient links (/l/…) need no locale prefix and no sign-in; they only pass the per-client rate limit
 * (token guessing), answered with a localized 429.
 */
async function patientLinkGate(request: NextRequest): Promise<Response> {
  const decision = await consumeLinkRequest(clientKeyOf(request.headers));
  if (!decision.allowed) {
    return tooManyRequestsResponse({ acceptLanguage: request.headers.get("accept-language"), retryAfterSeconds: decision.retryAfterSeconds });
  }
  return NextResponse.next();
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (request.nextUrl.pathname.startsWith("/l/")) return patientLinkGate(request);
  return (await wrapped)(request, event);
}

export const config = {
  // Patient links (/l/…, rate limit only), and everything but API routes, Next internals and files with an extension.
  matcher: ["/l/:path*", "/((?!api|_next|_vercel|l/|.*\\..*).*)"],
};
