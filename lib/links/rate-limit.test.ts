import { describe, expect, it } from "vitest";
import { clientKeyOf, consumeLinkRequest, createLinkRateLimiter } from "./rate-limit";
import { localeFromAcceptLanguage } from "./negotiate-locale";
import { tooManyRequestsResponse } from "./too-many-requests";

describe("link rate limit", () => {
  it("lets a client through up to its budget, then refuses with a retry time; other clients are unaffected", async () => {
    const limiter = createLinkRateLimiter({ points: 3, durationSeconds: 600 });
    for (let i = 0; i < 3; i++) expect(await consumeLinkRequest("203.0.113.7", limiter)).toEqual({ allowed: true });
    const refused = await consumeLinkRequest("203.0.113.7", limiter);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThan(500);
    expect(await consumeLinkRequest("198.51.100.2", limiter)).toEqual({ allowed: true });
  });

  it("keys on the first forwarded address", () => {
    expect(clientKeyOf(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientKeyOf(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientKeyOf(new Headers())).toBe("unknown");
  });

  it("answers 429 in the browser's language, noindex", async () => {
    const en = tooManyRequestsResponse({ acceptLanguage: "en-US,en;q=0.9", retryAfterSeconds: 30 });
    expect(en.status).toBe(429);
    expect(en.headers.get("retry-after")).toBe("30");
    expect(en.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    const html = await en.text();
    expect(html).toContain('lang="en"');
    expect(html).toContain("Too many attempts");
    expect(html).toContain('name="robots" content="noindex, nofollow"');
    expect(await tooManyRequestsResponse({ acceptLanguage: null, retryAfterSeconds: 30 }).text()).toContain("Demasiados intentos");
  });
});

describe("localeFromAcceptLanguage", () => {
  it.each([
    [null, "es"],
    ["", "es"],
    ["en-US,en;q=0.9", "en"],
    ["es-MX,es;q=0.9,en;q=0.8", "es"],
    ["fr-FR,en;q=0.5,es;q=0.4", "en"],
    ["en;q=0.2,es;q=0.8", "es"],
    ["de-DE", "es"],
    ["en;q=0", "es"],
  ] as const)("%s → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
