import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { NextRequest, type NextFetchEvent } from "next/server";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { createSecureLink, revokeSecureLink, type SecureLinkPurpose } from "@/lib/links/secure-links";
import { generateLinkToken } from "@/lib/links/token";
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

function request(path: string, init: { method?: string; acceptLanguage?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { [PEER_HEADER]: peer, ...init.headers };
  if (init.acceptLanguage) headers["accept-language"] = init.acceptLanguage;
  const req = new NextRequest(`http://127.0.0.1:3000${path}`, { method: init.method ?? "GET", headers });
  return proxy(req, { waitUntil: () => {} } as unknown as NextFetchEvent);
}

/** The proxy let the request through to the page (NextResponse.next), with this status line. */
async function passedWithStatus(path: string, method = "GET") {
  const response = (await request(path, { method }))!;
  expect(response.headers.get("x-middleware-next")).toBe("1");
  return response.status;
}

describe("proxy: patient link statuses, decided before the page renders", () => {
  it("200 for an open link, 404 for an unknown token, a malformed one and a purpose without a page", async () => {
    expect(await passedWithStatus(`/l/${(await link()).token}`)).toBe(200);
    expect(await passedWithStatus(`/l/${generateLinkToken()}`)).toBe(404);
    expect(await passedWithStatus("/l/not-a-token")).toBe(404);
    expect(await passedWithStatus(`/l/${(await link({ purpose: "payment" })).token}`)).toBe(404);
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
