import createIntlMiddleware from "next-intl/middleware";
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { auth } from "@/lib/auth/auth";
import { routing } from "@/i18n/routing";
import { linkPageStatus, parseLinkPath } from "@/lib/links/link-page-status";
import { malformedLinkResponse } from "@/lib/links/malformed-link";
import { isDecodableLinkPost, unreadableLinkPostResponse } from "@/lib/links/unreadable-post";
import { clientKeyOf, consumeLinkRequest } from "@/lib/links/rate-limit";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { tooManyRequestsResponse } from "@/lib/links/too-many-requests";
import { getEnv } from "@/lib/env";
import { generateNonce, isHttpsRequest, securityHeaders, type ResponseKind } from "@/lib/security/security-headers";

const handleI18nRouting = createIntlMiddleware(routing);

const PUBLIC_PATHS = new Set(["/sign-in", "/forgot-password", "/sign-up"]);
/** Signed-out pages with a token in the path: a staff invitation, a password reset, a sign-up confirmation; and the public privacy notice. */
const PUBLIC_PREFIXES = ["/invite/", "/reset-password/", "/sign-up/confirm/", "/privacy/"];
const isPublicPath = (path: string) => PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));

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

  if (!request.auth && !isPublicPath(pathWithinLocale)) {
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
 * A POST whose body Next.js could not decode into a server action's arguments is a localized 400 here
 * (Next.js would answer 500).
 */
async function patientLinkGate(request: NextRequest, forwarded: Headers): Promise<Response> {
  const acceptLanguage = request.headers.get("accept-language");
  const decision = await consumeLinkRequest(await getDb(), { clientKey: clientKeyOf(request.headers) });
  if (!decision.allowed) return tooManyRequestsResponse({ acceptLanguage, retryAfterSeconds: decision.retryAfterSeconds });

  const path = parseLinkPath(request.nextUrl.pathname);
  if (path.kind === "malformed") return malformedLinkResponse({ acceptLanguage });
  if (path.kind === "page" && (request.method === "GET" || request.method === "HEAD")) {
    const status = linkPageStatus(await resolveSecureLink(await getDb(), path.token));
    return NextResponse.next({ status, request: { headers: forwarded } });
  }
  if (request.method === "POST" && !(await isDecodableLinkPost(request))) return unreadableLinkPostResponse({ acceptLanguage });
  return NextResponse.next({ request: { headers: forwarded } });
}

/**
 * Hands the page renderer the request headers the proxy added (the nonce in `x-nonce` and in the CSP
 * header, where Next.js reads it for its own scripts) on a response another middleware made: next-intl's
 * pass-through or rewrite. Redirects and finished responses render nothing and are left alone.
 */
function forwardRequestHeaders(response: Response, request: NextRequest, added: Record<string, string>) {
  const passesThrough = response.headers.has("x-middleware-next") || response.headers.has("x-middleware-rewrite");
  if (!passesThrough) return;
  const existing = response.headers.get("x-middleware-override-headers");
  const keys = existing ? existing.split(",") : [...request.headers.keys()];
  if (!existing) for (const [key, value] of request.headers) response.headers.set(`x-middleware-request-${key}`, value);
  for (const [key, value] of Object.entries(added)) {
    response.headers.set(`x-middleware-request-${key}`, value);
    if (!keys.includes(key)) keys.push(key);
  }
  response.headers.set("x-middleware-override-headers", keys.join(","));
}

/** The file route under a link serves a PDF (see ResponseKind "file"); every other path here renders HTML. */
const kindOf = (pathname: string): ResponseKind => (/^\/l\/[^/]+\/file\/?$/.test(pathname) ? "file" : "page");

/**
 * Every response the proxy sees carries the security headers (lib/security/security-headers.ts), with a
 * fresh nonce that the page's scripts carry too. Pages are rendered per request (the root layouts await
 * `connection()`): a prerendered page would have no nonce and its scripts would be refused.
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const { pathname } = request.nextUrl;
  const patientLink = pathname.startsWith("/l/");
  const nonce = generateNonce();
  const env = getEnv();
  const headers = securityHeaders({
    kind: kindOf(pathname),
    nonce,
    patientLink,
    https: isHttpsRequest({ url: request.nextUrl, headers: request.headers, publicBaseUrl: env.PUBLIC_BASE_URL }),
    dev: env.NODE_ENV === "development",
  });
  const added = { "x-nonce": nonce, "content-security-policy": headers["Content-Security-Policy"] };

  let response: Response | undefined;
  if (patientLink) {
    const forwarded = new Headers(request.headers);
    for (const [key, value] of Object.entries(added)) forwarded.set(key, value);
    response = await patientLinkGate(request, forwarded);
  } else {
    response = (await (await staffGate)(request, event)) ?? NextResponse.next();
    forwardRequestHeaders(response, request, added);
  }
  return withHeaders(response, headers);
}

/** Sets `headers` on the response; a response with immutable headers (Response.redirect) is copied first. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  try {
    for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
    return response;
  } catch {
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
    for (const [key, value] of Object.entries(headers)) copy.headers.set(key, value);
    return copy;
  }
}

export const config = {
  // Patient links (/l/…, rate limit only), and everything but API routes, Next internals and files with an extension.
  matcher: ["/l/:path*", "/((?!api|_next|_vercel|l/|.*\\..*).*)"],
};
