/**
 * The security headers of every response. proxy.ts sets them (with a fresh CSP nonce) on pages and patient
 * links; next.config.ts sets the static ones on what the proxy does not see (API routes, /_next, files).
 *
 * No imports: next.config.ts loads this file, outside the app's path aliases.
 */

export type ResponseKind =
  /** An HTML page (staff pages, patient link pages): scripts need this request's nonce. */
  | "page"
  /**
   * A PDF served inline (/l/<token>/file): Chrome's viewer is an internal <embed> with inline styles, so any
   * object-src or style-src restriction (default-src included) blanks it (crbug.com/271452). It gets
   * frame-ancestors only; nosniff and the explicit content type keep it from being read as anything else.
   */
  | "file"
  /** JSON, webhooks, Next's static assets: nothing to run, nothing to frame. */
  | "api";

export interface SecurityHeaderOptions {
  kind: ResponseKind;
  /** Required for pages: a fresh, unguessable value per request (generateNonce). */
  nonce?: string;
  /** Patient links carry their token in the URL: never sent as a Referer. */
  patientLink?: boolean;
  /** The request came over https (or Luna is served on an https PUBLIC_BASE_URL): HSTS, upgrade-insecure-requests. */
  https: boolean;
  /** `next dev`: React needs eval for its debugging aids. Never in production. */
  dev: boolean;
}

/** 16 random bytes, base64: what CSP's nonce-source allows. */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts: only those carrying the nonce (Next.js puts it on its own, read from this header on the request),
 * and what they load ('strict-dynamic'; 'self' is the fallback for browsers without CSP 3).
 * Styles: 'unsafe-inline', knowingly. React's style={…} attributes, the calendar's injected <style>, sonner's
 * and the email preview's inline styles (the srcdoc iframe inherits this policy) all need it, and a nonce in
 * style-src would switch 'unsafe-inline' off. Injected CSS cannot run code; scripts stay nonce-only.
 */
export function pageContentSecurityPolicy({ nonce, https, dev }: { nonce: string; https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
export const FILE_CONTENT_SECURITY_POLICY = "frame-ancestors 'none'";

export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()";

/** One year; no includeSubDomains: a clinic's other subdomains are not Luna's to decide. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

/** The headers that do not depend on the request: the same for every kind of response. */
export function staticSecurityHeaders({ patientLink = false }: { patientLink?: boolean } = {}): Record<string, string> {
  return {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": patientLink ? "no-referrer" : "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
  };
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    ...staticSecurityHeaders({ patientLink: options.patientLink }),
    "Content-Security-Policy": contentSecurityPolicyFor(options),
  };
  if (options.https) headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY;
  return headers;
}

function contentSecurityPolicyFor({ kind, nonce, https, dev }: SecurityHeaderOptions): string {
  if (kind === "api") return API_CONTENT_SECURITY_POLICY;
  if (kind === "file") return FILE_CONTENT_SECURITY_POLICY;
  if (!nonce) throw new Error("A page's Content-Security-Policy needs this request's nonce");
  return pageContentSecurityPolicy({ nonce, https, dev });
}

/**
 * https when the request says so (the URL, or the first X-Forwarded-Proto of the proxy in front), or when
 * Luna is published on an https PUBLIC_BASE_URL (a TLS-terminating proxy that sets no X-Forwarded-Proto).
 */
export function isHttpsRequest({ url, headers, publicBaseUrl }: { url: URL; headers: Headers; publicBaseUrl?: string }): boolean {
  if (url.protocol === "https:") return true;
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded === "https") return true;
  return Boolean(publicBaseUrl?.toLowerCase().startsWith("https://"));
}
