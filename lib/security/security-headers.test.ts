import { describe, expect, it } from "vitest";
import { API_CONTENT_SECURITY_POLICY, generateNonce, isHttpsRequest, pageContentSecurityPolicy, securityHeaders } from "./security-headers";

/** "a; b c" → { a: [], b: ["c"] } */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}

describe("pageContentSecurityPolicy", () => {
  it("allows only this request's nonce and what it loads, with no eval, framing, plugins or foreign forms", () => {
    const csp = directives(pageContentSecurityPolicy({ nonce: "abc123==", https: false, dev: false }));
    expect(csp["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'self'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(JSON.stringify(csp)).not.toContain("unsafe-eval");
    expect(csp["upgrade-insecure-requests"]).toBeUndefined();
  });

  it("keeps inline styles (React style attributes, the calendar, the email preview) and never puts the nonce in style-src", () => {
    const csp = directives(pageContentSecurityPolicy({ nonce: "abc", https: false, dev: false }));
    // A nonce next to 'unsafe-inline' would switch 'unsafe-inline' off.
    expect(csp["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("adds 'unsafe-eval' (and the HMR socket) in development only; upgrade-insecure-requests over https", () => {
    const dev = directives(pageContentSecurityPolicy({ nonce: "abc", https: false, dev: true }));
    expect(dev["script-src"]).toContain("'unsafe-eval'");
    expect(dev["connect-src"]).toEqual(["'self'", "ws:", "wss:"]);
    const https = directives(pageContentSecurityPolicy({ nonce: "abc", https: true, dev: false }));
    expect(https["upgrade-insecure-requests"]).toEqual([]);
  });
});

describe("securityHeaders", () => {
  it("staff pages: the static headers, the page policy, no HSTS over http", () => {
    const headers = securityHeaders({ kind: "page", nonce: "n0nce", https: false, dev: false });
    expect(headers).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    expect(headers["Permissions-Policy"]).toContain("camera=()");
    expect(headers["Permissions-Policy"]).toContain("microphone=()");
    expect(headers["Permissions-Policy"]).toContain("geolocation=()");
    expect(headers["Content-Security-Policy"]).toContain("'nonce-n0nce'");
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
  });

  it("patient links send no Referer; https adds HSTS", () => {
    const headers = securityHeaders({ kind: "page", nonce: "n", patientLink: true, https: true, dev: false });
    expect(headers["Referrer-Policy"]).toBe("no-referrer");
    expect(headers["Strict-Transport-Security"]).toBe("max-age=31536000");
  });

  it("a PDF gets frame-ancestors only (Chrome's viewer is an <embed> that object-src or default-src would blank)", () => {
    const headers = securityHeaders({ kind: "file", patientLink: true, https: false, dev: false });
    expect(headers["Content-Security-Policy"]).toBe("frame-ancestors 'none'");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
  });

  it("API responses run and frame nothing", () => {
    const headers = securityHeaders({ kind: "api", https: false, dev: false });
    expect(headers["Content-Security-Policy"]).toBe(API_CONTENT_SECURITY_POLICY);
    expect(directives(API_CONTENT_SECURITY_POLICY)["default-src"]).toEqual(["'none'"]);
  });

  it("refuses to build a page policy without a nonce", () => {
    expect(() => securityHeaders({ kind: "page", https: false, dev: false })).toThrow(/nonce/);
  });
});

describe("generateNonce", () => {
  it("is 16 random bytes in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, generateNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
  });
});

describe("isHttpsRequest", () => {
  const http = new URL("http://clinic.example/es");
  it("https from the URL, the first X-Forwarded-Proto, or an https PUBLIC_BASE_URL", () => {
    expect(isHttpsRequest({ url: new URL("https://clinic.example/"), headers: new Headers() })).toBe(true);
    expect(isHttpsRequest({ url: http, headers: new Headers({ "x-forwarded-proto": "https, http" }) })).toBe(true);
    expect(isHttpsRequest({ url: http, headers: new Headers(), publicBaseUrl: "https://luna.clinic.example" })).toBe(true);
  });
  it("http otherwise", () => {
    expect(isHttpsRequest({ url: http, headers: new Headers({ "x-forwarded-proto": "http" }) })).toBe(false);
    expect(isHttpsRequest({ url: http, headers: new Headers(), publicBaseUrl: "http://127.0.0.1:3000" })).toBe(false);
  });
});
