import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, secureLinks } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { resetEnvCache } from "@/lib/env";
import { createSecureLink, linkStateOf, recordSecureLinkOpen, resolveSecureLink, revokeSecureLink } from "./secure-links";
import { generateLinkToken, hashLinkToken, LINK_TOKEN_PATTERN } from "./token";

let database: Database;
beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = "https://luna.example.mx/";
  resetEnvCache();
  database = await openTestDatabase();
});
afterAll(async () => {
  delete process.env.PUBLIC_BASE_URL;
  resetEnvCache();
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

async function setup() {
  const two = await createTwoClinics(database.db);
  const patientA = await createPatient(database.db, { clinicId: two.clinicA.id, preferredLocale: "en" });
  const link = await createSecureLink(database.db, {
    clinicId: two.clinicA.id,
    patientId: patientA.id,
    purpose: "lab_result",
    targetId: randomUUID(),
    createdById: two.staffA.id,
    now: NOW,
  });
  return { ...two, patientA, link };
}

describe("link tokens", () => {
  it("are 128 random bits in base64url (22 characters, URL-safe alphabet), different every time", () => {
    const tokens = Array.from({ length: 2000 }, generateLinkToken);
    for (const token of tokens) {
      expect(token).toMatch(LINK_TOKEN_PATTERN);
      expect(Buffer.from(token, "base64url")).toHaveLength(16);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // Every base64url symbol shows up across 2000 tokens (44,000 characters): no biased alphabet.
    const alphabet = new Set(tokens.join(""));
    expect(alphabet.size).toBe(64);
  });

  it("are stored only as their SHA-256", async () => {
    const s = await setup();
    const [row] = await database.db.select().from(secureLinks).where(eq(secureLinks.id, s.link.id));
    expect(row.tokenHash).toBe(createHash("sha256").update(s.link.token).digest("hex"));
    expect(row.tokenHash).toBe(hashLinkToken(s.link.token));
    expect(JSON.stringify(row)).not.toContain(s.link.token);
    expect(s.link.url).toBe(`https://luna.example.mx/l/${s.link.token}`);
  });
});

describe("resolveSecureLink", () => {
  it("is valid for 7 days: open just before the boundary, expired at and after it", async () => {
    const s = await setup();
    expect(s.link.expiresAt).toEqual(new Date(NOW.getTime() + 7 * DAY));
    const justBefore = await resolveSecureLink(database.db, s.link.token, new Date(NOW.getTime() + 7 * DAY - 1000));
    expect(justBefore.status).toBe("ok");
    if (justBefore.status !== "ok") throw new Error("unreachable");
    expect(justBefore.patient).toEqual({ id: s.patientA.id, firstName: "María", locale: "en" });
    expect(justBefore.clinic.name).toBe(s.clinicA.name);

    const atBoundary = await resolveSecureLink(database.db, s.link.token, s.link.expiresAt);
    expect(atBoundary).toEqual({ status: "expired", clinic: { name: s.clinicA.name, phone: null }, locale: "en" });
    const after = await resolveSecureLink(database.db, s.link.token, new Date(NOW.getTime() + 7 * DAY + 1000));
    expect(after.status).toBe("expired");
  });

  it("is reusable within the window, and counts each open without keeping who opened it", async () => {
    const s = await setup();
    for (let i = 1; i <= 3; i++) {
      const resolved = await resolveSecureLink(database.db, s.link.token, new Date(NOW.getTime() + i * DAY));
      expect(resolved.status).toBe("ok");
      await recordSecureLinkOpen(database.db, { linkId: s.link.id, now: new Date(NOW.getTime() + i * DAY) });
    }
    const [row] = await database.db.select().from(secureLinks).where(eq(secureLinks.id, s.link.id));
    expect(row.openCount).toBe(3);
    expect(row.lastOpenedAt).toEqual(new Date(NOW.getTime() + 3 * DAY));
    expect(linkStateOf(row, NOW)).toBe("opened");
  });

  it("answers not_found for an unknown, a malformed or a hash-as-token value", async () => {
    const s = await setup();
    expect(await resolveSecureLink(database.db, generateLinkToken(), NOW)).toEqual({ status: "not_found" });
    expect(await resolveSecureLink(database.db, "../../etc/passwd", NOW)).toEqual({ status: "not_found" });
    expect(await resolveSecureLink(database.db, hashLinkToken(s.link.token), NOW)).toEqual({ status: "not_found" });
    expect(await resolveSecureLink(database.db, `${s.link.token}A`, NOW)).toEqual({ status: "not_found" });
  });

  it("records the share in the audit log, without the token", async () => {
    const s = await setup();
    const entries = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, s.clinicA.id), eq(auditLog.entityId, s.link.id)));
    expect(entries.map((e) => e.action)).toEqual(["secure_link.share"]);
    expect(entries[0].actorUserId).toBe(s.staffA.id);
    expect(JSON.stringify(entries[0].metadata)).not.toContain(s.link.token);
  });
});

describe("revokeSecureLink", () => {
  it("ends the link at once (revoked reads like expired to the patient) and is audited", async () => {
    const s = await setup();
    expect(await revokeSecureLink(database.db, s.ctxA, s.link.id, NOW)).toEqual({ ok: true, alreadyRevoked: false });
    expect(await resolveSecureLink(database.db, s.link.token, new Date(NOW.getTime() + 1000))).toEqual({
      status: "revoked",
      clinic: { name: s.clinicA.name, phone: null },
      locale: "en",
    });
    expect(await revokeSecureLink(database.db, s.ctxA, s.link.id, new Date(NOW.getTime() + DAY))).toEqual({
      ok: true,
      alreadyRevoked: true,
    });
    const [row] = await database.db.select().from(secureLinks).where(eq(secureLinks.id, s.link.id));
    expect(row.revokedAt).toEqual(NOW);
    expect(linkStateOf(row, NOW)).toBe("revoked");
    const actions = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, s.link.id));
    expect(actions.map((a) => a.action).sort()).toEqual(["secure_link.revoke", "secure_link.share"]);
  });

  it("cannot touch another clinic's link: not found, nothing changes, nothing audited", async () => {
    const s = await setup();
    expect(await revokeSecureLink(database.db, s.ctxB, s.link.id, NOW)).toEqual({ ok: false, error: "notFound" });
    expect(await revokeSecureLink(database.db, s.ctxB, "not-a-uuid", NOW)).toEqual({ ok: false, error: "notFound" });
    expect((await resolveSecureLink(database.db, s.link.token, NOW)).status).toBe("ok");
    const revokes = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, s.link.id), eq(auditLog.action, "secure_link.revoke")));
    expect(revokes).toEqual([]);
  });
});
