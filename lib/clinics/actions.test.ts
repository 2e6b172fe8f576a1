import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import { getClinicAccount } from "./account";

// The action is called as Next.js would call it, with the signed-in staff member and the database
// swapped for the test's (no request exists here); the role check itself is the real one.
const session = vi.hoisted(() => ({ ctx: null as StaffContext | null, db: null as Database["db"] | null }));
vi.mock("@/lib/auth/session", () => ({ requireStaff: async () => session.ctx }));
vi.mock("@/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), getDb: async () => session.db }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "es" }));

const { saveClinicAccountAction } = await import("./actions");

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  session.db = database.db;
});
afterAll(async () => {
  await database.close();
});
beforeEach(() => {
  session.ctx = null;
});

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

const submitted = {
  name: "Clínica tomada",
  timezone: "America/Cancun",
  videoRoomBaseUrl: "https://evil.example/room",
  phone: "",
  address: "",
};

describe("saveClinicAccountAction", () => {
  it("refuses a front-desk user who calls it directly, and changes nothing", async () => {
    const { clinicA, ctxA } = await createTwoClinics(database.db, "staff");
    session.ctx = ctxA;
    const state = await saveClinicAccountAction({}, form(submitted));
    expect(state).toMatchObject({ formError: "forbidden" });
    expect(state.ok).toBeUndefined();
    expect(await getClinicAccount(database.db, { clinicId: clinicA.id })).toMatchObject({
      name: clinicA.name,
      timezone: "America/Mexico_City",
      videoRoomBaseUrl: null,
    });
    expect(await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinicA.id))).toEqual([]);
  });

  it("saves for an admin, and returns field errors with what was typed", async () => {
    const { clinicA, clinicB, ctxA } = await createTwoClinics(database.db, "admin");
    session.ctx = ctxA;
    expect(await saveClinicAccountAction({}, form(submitted))).toMatchObject({ ok: true });
    expect(await getClinicAccount(database.db, { clinicId: clinicA.id })).toMatchObject({
      name: "Clínica tomada",
      timezone: "America/Cancun",
    });
    expect(await getClinicAccount(database.db, { clinicId: clinicB.id })).toMatchObject({ name: clinicB.name });

    const bad = { ...submitted, videoRoomBaseUrl: "http://meet.example.com" };
    expect(await saveClinicAccountAction({}, form(bad))).toEqual({ fieldErrors: { videoRoomBaseUrl: "httpsRequired" }, values: bad });
  });
});
