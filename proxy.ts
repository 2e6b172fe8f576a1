import createIntlMiddleware from "next-intl/middleware";
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { auth } from "@/lib/auth/auth";
import { routing } from "@/i18n/routing";
import { linkPageStatus, parseLinkPath } from "@/lib/links/link-page-status";
import { malformedLinkResponse } from "@/lib/links/malformed-link";
import { clientKeyOf, consumeLinkRequest } from "@/lib/links/rate-limit";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { tooManyRequestsResponse } from "@/lib/links/too-many-requests";

const handleI18nRouting = createIntlMiddleware(routing);

const PUBLIC_PATHS = new Set(["/sign-in"]);

/**
 * Staff pages: resolves the locale (es by default, remembered in a cookie) and sends visitors without a
 * session to sign-in. Pages still check the session themselves: this is the fast path, not the guarantee.
 */
const staffPages = auth((request) => {
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
const staffGate = staffPages as unknown as Promise<(request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>>;

/**
 * Patient links (/l/…) need no locale prefix and no sign-in. They pass a per-client rate limit (token
 * guessing, a localized 429); a path that cannot be decoded is a localized 404 here (Next.js would answer
 * 500). The page's status is decided before it renders, from the link itself: 404 unknown, 410 expired or
 * withdrawn, 200 open — the page then renders the matching words with that status from the first byte.
 */
async function patientLinkGate(request: NextRequest): Promise<Response> {
  const acceptLanguage = request.headers.get("accept-language");
  const decision = await consumeLinkRequest(await getDb(), { clientKey: clientKeyOf(request.headers) });
  if (!decision.allowed) return tooManyRequestsResponse({ acceptLanguage, retryAfterSeconds: decision.retryAfterSeconds });

  const path = parseLinkPath(request.nextUrl.pathname);
  if (path.kind === "malformed") return malformedLinkResponse({ acceptLanguage });
  if (path.kind === "page" && (request.method === "GET" || request.method === "HEAD")) {
    const status = linkPageStatus(await resolveSecureLink(await getDb(), path.token));
    return NextResponse.next({ status });
  }
  return NextResponse.next();
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (request.nextUrl.pathname.startsWith("/l/")) return patientLinkGate(request);
  return (await staffGate)(request, event);
}

export const config = {
  // Patient links (/l/…, rate limit only), and everything but API routes, Next internals and files with an extension.
  matcher: ["/l/:path*", "/((?!api|_next|_vercel|l/|.*\\..*).*)"],
};
