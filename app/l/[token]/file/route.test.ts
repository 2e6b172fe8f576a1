import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { resetEnvCache } from "@/lib/env";
import { createSecureLink, revokeSecureLink } from "@/lib/links/secure-links";
import { generateLinkToken } from "@/lib/links/token";
import { GET } from "./route";

// The route is a server module; outside Next.js the guard has nothing to guard.
vi.mock("server-only", () => ({}));

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
beforeEach(() => {
  setDatabaseForTesting(database);
  process.env.PUBLIC_BASE_URL = "https://luna.example.mx";
  resetEnvCache();
});
afterEach(() => {
  delete process.env.PUBLIC_BASE_URL;
  resetEnvCache();
  setDatabaseForTesting(undefined);
});
afterAll(async () => {
  await database.close();
});

const DAY = 24 * 60 * 60 * 1000;

/** As the app sees it behind a TLS-terminating proxy: another host than the one patients use. */
const get = (token: string) =>
  GET(new NextRequest(`http://10.0.0.7:3000/l/${token}/file`, { headers: { host: "10.0.0.7:3000" } }), {
    params: Promise.resolve({ token }),
  });

describe("GET /l/<token>/file for a link that does not open", () => {
  it("sends the patient back to the link's page on PUBLIC_BASE_URL, never the request's host", async () => {
    const { clinicA, staffA, ctxA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const make = (now: Date) =>
      createSecureLink(database.db, {
        clinicId: clinicA.id,
        patientId: patient.id,
        purpose: "lab_result",
        targetId: randomUUID(),
        createdById: staffA.id,
        now,
      });
    const expired = await make(new Date(Date.now() - 8 * DAY));
    const revoked = await make(new Date());
    await revokeSecureLink(database.db, ctxA, revoked.id);
    const unknown = generateLinkToken();

    for (const token of [expired.token, revoked.token, unknown]) {
      const response = await get(token);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`https://luna.example.mx/l/${token}`);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });
});
