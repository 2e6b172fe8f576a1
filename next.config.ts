import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

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
  experimental: {
    // Lab-result PDFs go up through a server action: up to 20 MB of file plus the form's other fields.
    serverActions: { bodySizeLimit: "21mb" },
  },
  async headers() {
    return [
      {
        // Patient link pages: never indexed, and the token never leaks through a Referer.
        source: "/l/:path*",
        headers: [
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Content-Type-Options", value: "nosniff" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
