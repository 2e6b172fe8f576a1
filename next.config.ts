import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { API_CONTENT_SECURITY_POLICY, STRICT_TRANSPORT_SECURITY, staticSecurityHeaders } from "./lib/security/security-headers";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  // Native and WASM packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "postgres",
    "twilio",
    "@aws-sdk/client-s3",
    "@aws-sdk/s3-request-presigner",
    "pdfkit",
    "pino",
  ],
  poweredByHeader: false,
  // `npm run dev` opened as http://127.0.0.1:3000 (not localhost): Next 16 blocks its dev resources from any
  // other origin, so the page never hydrated — no chart, no calendar, no form that runs on the client.
  allowedDevOrigins: ["127.0.0.1"],
  experimental: {
    // Lab-result PDFs go up through a server action: up to 20 MB of file plus the form's other fields.
    serverActions: { bodySizeLimit: "21mb" },
  },
  // The static security headers on every path. Pages and patient links also get them from proxy.ts, with the
  // per-request CSP nonce; the paths the proxy's matcher skips (API routes, /_next, files) get their CSP here.
  async headers() {
    const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));
    const hsts = [{ key: "Strict-Transport-Security", value: STRICT_TRANSPORT_SECURITY }];
    // Read when `next build` runs: set PUBLIC_BASE_URL for the build too (docs/deploy.md).
    const httpsBaseUrl = process.env.PUBLIC_BASE_URL?.toLowerCase().startsWith("https://");
    return [
      { source: "/:path*", headers: asList(staticSecurityHeaders()) },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      { source: "/_next/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      {
        // Patient link pages: never indexed, and the token never leaks through a Referer.
        source: "/l/:path*",
        headers: [
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
      // HSTS only over https: behind a TLS proxy that says so, or on an https PUBLIC_BASE_URL.
      { source: "/:path*", has: [{ type: "header" as const, key: "x-forwarded-proto", value: "https" }], headers: hsts },
      ...(httpsBaseUrl ? [{ source: "/:path*", headers: hsts }] : []),
    ];
  },
};

export default withNextIntl(nextConfig);
