import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { NextRequest, type NextFetchEvent } from "next/server";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { createSecureLink, revokeSecureLink, type SecureLinkPurpose } from "@/lib/links/secure-links";
import { generateLinkToken } from "@/lib/links/token";
import { resetEnvCache } from "@/lib/env";
import proxy from "./proxy";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
beforeEach(() => setDatabaseForTesting(database));
afterAll(async () => {
  setDatabaseForTesting(undefined);
  await database.close();
});

const DAY = 24 * 60 * 60 * 1000;

async function link(params: { purpose?: SecureLinkPurpose; createdAt?: Date } = {}) {
  const { clinicA, staffA, ctxA } = await createTwoClinics(database.db);
  const patient = await createPatient(database.db, { clinicId: clinicA.id });
  const created = await createSecureLink(database.db, {
    clinicId: clinicA.id,
    patientId: patient.id,
    purpose: params.purpose ?? "lab_result",
    targetId: randomUUID(),
    createdById: staffA.id,
    now: params.createdAt ?? new Date(),
  });
  return { ...created, ctxA };
}

// What lib/security/socket-address.ts stamps under `next start`: each test's requests come from their own peer.
const PEER_HEADER = "x-luna-peer-proxy-test";
const shared = globalThis as unknown as { __lunaSocketAddressHeader?: string };
let peer = "";
let peerCount = 0;
beforeEach(() => {
  shared.__lunaSocketAddressHeader = PEER_HEADER;
  peer = `198.51.${Math.floor(peerCount / 250)}.${(peerCount++ % 250) + 1}`;
});

function request(path: string, init: { method?: string; acceptLanguage?: string; headers?: Record<string, string>; body?: string } = {}) {
  const headers: Record<string, string> = { [PEER_HEADER]: peer, ...init.headers };
  if (init.acceptLanguage) headers["accept-language"] = init.acceptLanguage;
  const req = new NextRequest(`http://127.0.0.1:3000${path}`, { method: init.method ?? "GET", headers, body: init.body });
  return proxy(req, { waitUntil: () => {} } as unknown as NextFetchEvent);
}

/** The proxy let the request through to the page (NextResponse.next), with this status line. */
async function passedWithStatus(path: string, method = "GET") {
  const response = (await request(path, { method }))!;
  expect(response.headers.get("x-middleware-next")).toBe("1");
  return response.status;
}

describe("proxy: patient link statuses, decided before the page renders", () => {
  it("200 for an open link (a payment link too), 404 for an unknown token and a malformed one", async () => {
    expect(await passedWithStatus(`/l/${(await link()).token}`)).toBe(200);
    expect(await passedWithStatus(`/l/${generateLinkToken()}`)).toBe(404);
    expect(await passedWithStatus("/l/not-a-token")).toBe(404);
    // Every purpose has a page now (payment links included).
    expect(await passedWithStatus(`/l/${(await link({ purpose: "payment" })).token}`)).toBe(200);
  });

  it("410 Gone for an expired link and for one the clinic revoked, for GET and HEAD", async () => {
    const expired = await link({ createdAt: new Date(Date.now() - 8 * DAY) });
    expect(await passedWithStatus(`/l/${expired.token}`)).toBe(410);
    expect(await passedWithStatus(`/l/${expired.token}`, "HEAD")).toBe(410);
    const revoked = await link();
    await revokeSecureLink(database.db, revoked.ctxA, revoked.id);
    expect(await passedWithStatus(`/l/${revoked.token}`)).toBe(410);
  });

  it("leaves other requests under /l/ to their handler: a form post, the file route", async () => {
    const expired = await link({ createdAt: new Date(Date.now() - 8 * DAY) });
    expect(await passedWithStatus(`/l/${expired.token}`, "POST")).toBe(200);
    expect(await passedWithStatus(`/l/${expired.token}/file`)).toBe(200);
  });

  it("answers a link POST whose body no server action could decode with a localized 400, and passes well-formed ones", async () => {
    const { token } = await link();
    const action = { "next-action": "7f00000000000000000000000000000000000000aa" };
    const truncated = (await request(`/l/${token}`, {
      method: "POST",
      headers: { ...action, "content-type": "multipart/form-data; boundary=XYZ" },
      body: '--XYZ\r\nContent-Disposition: form-data; name="1_a"\r\n\r\nhello',
    }))!;
    expect(truncated.status).toBe(400);
    expect(truncated.headers.get("x-middleware-next")).toBeNull();
    expect(await truncated.text()).toContain("No pudimos leer lo que enviaste");
    const noBoundary = (await request(`/l/${token}`, {
      method: "POST",
      acceptLanguage: "en-US,en;q=0.9",
      headers: { ...action, "content-type": "multipart/form-data" },
      body: "garbage",
    }))!;
    expect(noBoundary.status).toBe(400);
    expect(await noBoundary.text()).toContain("<h1>We couldn&#39;t read what you sent</h1>");
    const notJson = (await request(`/l/${token}`, {
      method: "POST",
      headers: { ...action, "content-type": "text/plain" },
      body: "garbage",
    }))!;
    expect(notJson.status).toBe(400);

    // What React sends: the encoded argument list, or a whole form.
    const encoded = (await request(`/l/${token}`, {
      method: "POST",
      headers: { ...action, "content-type": "text/plain" },
      body: '["$K1"]',
    }))!;
    expect(encoded.headers.get("x-middleware-next")).toBe("1");
    const form = (await request(`/l/${token}`, {
      method: "POST",
      headers: { ...action, "content-type": "multipart/form-data; boundary=XYZ" },
      body: '--XYZ\r\nContent-Disposition: form-data; name="1_a"\r\n\r\nhello\r\n--XYZ--\r\n',
    }))!;
    expect(form.headers.get("x-middleware-next")).toBe("1");
  });

  it("answers a path that cannot be decoded with the localized not-found page and 404, not 500", async () => {
    const es = (await request("/l/%E0%A4%A"))!;
    expect(es.status).toBe(404);
    expect(es.headers.get("x-middleware-next")).toBeNull();
    expect(es.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    const html = await es.text();
    expect(html).toContain('lang="es"');
    expect(html).toContain("No encontramos este enlace");
    const en = (await request("/l/%E0%A4%A/file", { acceptLanguage: "en-US,en;q=0.9" }))!;
    expect(en.status).toBe(404);
    expect(await en.text()).toContain("<h1>We couldn&#39;t find this link</h1>");
  });
});

describe("proxy: the patient-link rate limit", () => {
  it("counts by the socket's peer: made-up X-Forwarded-For values neither escape the limit nor spend another client's budget", async () => {
    const path = `/l/${generateLinkToken()}`;
    for (let i = 0; i < 40; i++) {
      const response = (await request(path, { headers: { "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `192.0.2.${i}` } }))!;
      expect(response.status).toBe(404);
    }
    const refused = (await request(path, { headers: { "x-forwarded-for": "203.0.113.250" } }))!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(500);
    // The address the guesser named is untouched; so is everyone else.
    const victim = peer;
    peer = "203.0.113.0";
    expect((await request(path))!.status).toBe(404);
    peer = victim;
    expect((await request(path))!.status).toBe(429);
  });
});

describe("proxy: security headers on every response it sees", () => {
  beforeAll(() => {
    // Staff pages go through Auth.js, which needs a secret (never a file under .data/ from a test).
    process.env.AUTH_SECRET ??= "proxy-test-auth-secret-0123456789abcdef";
    resetEnvCache();
  });

  const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

  it("a staff page: a fresh nonce per request, in the CSP it answers with and in the request headers the page renders with", async () => {
    const first = (await request("/es/sign-in"))!;
    const second = (await request("/es/sign-in"))!;
    const csp = first.headers.get("content-security-policy");
    const nonce = nonceOf(csp);
    expect(nonce).toBeTruthy();
    expect(nonceOf(second.headers.get("content-security-policy"))).not.toBe(nonce);
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    // The request's own headers still reach the page (next-intl's locale header among them).
    const forwarded = first.headers.get("x-middleware-override-headers")!.split(",");
    expect(forwarded).toEqual(expect.arrayContaining(["x-nonce", "content-security-policy", PEER_HEADER]));
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("permissions-policy")).toContain("camera=()");
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("redirects carry them too (sign-in redirect, locale redirect); HSTS behind an https proxy", async () => {
    const toSignIn = (await request("/es/patients", { headers: { "x-forwarded-proto": "https" } }))!;
    expect(toSignIn.headers.get("location")).toContain("/es/sign-in");
    expect(toSignIn.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(toSignIn.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const toLocale = (await request("/"))!;
    expect(toLocale.headers.get("location")).toMatch(/\/es$/);
    expect(toLocale.headers.get("x-frame-options")).toBe("DENY");
  });

  it("patient link pages: no Referer, and the nonce reaches the page", async () => {
    const response = (await request(`/l/${(await link()).token}`))!;
    expect(response.status).toBe(200);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const nonce = nonceOf(response.headers.get("content-security-policy"));
    expect(nonce).toBeTruthy();
    expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
  });

  it("the proxy's own answers (429, undecodable link) and the PDF route (frame-ancestors only, for Chrome's viewer)", async () => {
    const malformed = (await request("/l/%E0%A4%A"))!;
    expect(malformed.status).toBe(404);
    expect(malformed.headers.get("content-security-policy")).toContain("object-src 'none'");
    expect(malformed.headers.get("referrer-policy")).toBe("no-referrer");
    const file = (await request(`/l/${generateLinkToken()}/file`))!;
    expect(file.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("proxy: signed-out staff pages", () => {
  it("lets the invitation, forgot-password, reset-password and sign-up pages through without a session; other pages go to sign-in", async () => {
    const token = generateLinkToken();
    for (const path of [
      `/es/invite/${token}`,
      `/en/reset-password/${token}`,
      "/es/forgot-password",
      "/en/sign-in",
      "/es/sign-up",
      "/en/sign-up",
      `/es/sign-up/confirm/${token}`,
    ]) {
      const response = (await request(path))!;
      expect(response.headers.get("location"), path).toBeNull();
    }
    for (const path of ["/es/settings/team", "/es/invite", "/en/reset-password", "/es/sign-up/confirm", "/es/sign-up/other"]) {
      expect((await request(path))!.headers.get("location"), path).toContain("/sign-in");
    }
  });
});
