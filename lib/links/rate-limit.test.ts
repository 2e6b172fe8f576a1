import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { resetEnvCache } from "@/lib/env";
import { consumeLinkRequest, LINK_RATE_LIMIT, linkRateLimit } from "./rate-limit";
import { localeFromAcceptLanguage } from "./negotiate-locale";
import { tooManyRequestsResponse } from "./too-many-requests";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("link rate limit", () => {
  it("lets a client through up to its budget, then refuses with a retry time; other clients are unaffected", async () => {
    const limit = { name: `links-${randomUUID().slice(0, 8)}`, points: 3, windowSeconds: 600 };
    // Tomorrow: the limiter's occasional sweep deletes windows that ended before the real now, so a fixed
    // past date would let another hit's sweep reset this counter mid-test.
    const now = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
    for (let i = 0; i < 3; i++)
      expect(await consumeLinkRequest(database.db, { clientKey: "203.0.113.7", limit, now })).toEqual({ allowed: true });
    const refused = await consumeLinkRequest(database.db, { clientKey: "203.0.113.7", limit, now });
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 600 });
    expect(await consumeLinkRequest(database.db, { clientKey: "198.51.100.2", limit, now })).toEqual({ allowed: true });
  });

  it("takes its budget from PATIENT_LINK_REQUESTS_PER_10_MIN when set (one NAT for a whole waiting room), else 40", () => {
    const before = process.env.PATIENT_LINK_REQUESTS_PER_10_MIN;
    try {
      delete process.env.PATIENT_LINK_REQUESTS_PER_10_MIN;
      resetEnvCache();
      expect(linkRateLimit()).toEqual(LINK_RATE_LIMIT);
      expect(LINK_RATE_LIMIT.points).toBe(40);
      process.env.PATIENT_LINK_REQUESTS_PER_10_MIN = "300";
      resetEnvCache();
      expect(linkRateLimit()).toEqual({ name: "patient-links", points: 300, windowSeconds: 600 });
      process.env.PATIENT_LINK_REQUESTS_PER_10_MIN = "2";
      resetEnvCache();
      expect(() => linkRateLimit()).toThrow(/PATIENT_LINK_REQUESTS_PER_10_MIN/);
    } finally {
      if (before === undefined) delete process.env.PATIENT_LINK_REQUESTS_PER_10_MIN;
      else process.env.PATIENT_LINK_REQUESTS_PER_10_MIN = before;
      resetEnvCache();
    }
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
