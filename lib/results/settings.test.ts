import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import { getResultsRules } from "./outcomes";
import { changeResultsSettings } from "./settings";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("changeResultsSettings", () => {
  it("saves an admin's rules and before-Luna figures for their clinic only, audited by column name", async () => {
    const s = await createTwoClinics(database.db, "admin");
    const result = await changeResultsSettings(database.db, s.ctxA, {
      lateCancelHours: "12",
      autoAttendAfterHours: "3",
      baselineNoShowPercent: "27,5",
      baselineConfirmationPercent: "60",
      baselineTimeToConfirmHours: "36",
    });
    expect(result).toEqual({
      ok: true,
      changed: [
        "lateCancelHours",
        "autoAttendAfterHours",
        "baselineNoShowRateBp",
        "baselineConfirmationRateBp",
        "baselineTimeToConfirmMinutes",
      ],
    });
    expect(await getResultsRules(database.db, { clinicId: s.clinicA.id })).toMatchObject({
      lateCancelHours: 12,
      autoAttendAfterHours: 3,
      baseline: { noShowRate: 0.275, confirmationRate: 0.6, timeToConfirmMinutes: 2160 },
    });
    expect(await getResultsRules(database.db, { clinicId: s.clinicB.id })).toMatchObject({
      lateCancelHours: 24,
      autoAttendAfterHours: null,
      baseline: { noShowRate: null, confirmationRate: null, timeToConfirmMinutes: null },
    });
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, s.clinicA.id), eq(auditLog.action, "clinic.results_settings")));
    expect(audit).toHaveLength(1);
    // Blank turns auto-attend and the baselines off again.
    const cleared = await changeResultsSettings(database.db, s.ctxA, {
      lateCancelHours: "12",
      autoAttendAfterHours: "",
      baselineNoShowPercent: "",
      baselineConfirmationPercent: "",
      baselineTimeToConfirmHours: "",
    });
    expect(cleared).toMatchObject({ ok: true });
    expect(await getResultsRules(database.db, { clinicId: s.clinicA.id })).toMatchObject({
      autoAttendAfterHours: null,
      baseline: { noShowRate: null, confirmationRate: null, timeToConfirmMinutes: null },
    });
  });

  it("refuses non-admins and out-of-range values, writing nothing", async () => {
    const admins = await createTwoClinics(database.db, "admin");
    const staff = await createTwoClinics(database.db, "staff");
    expect(await changeResultsSettings(database.db, staff.ctxA, { lateCancelHours: "2" })).toEqual({ ok: false, error: "forbidden" });
    expect(
      await changeResultsSettings(database.db, admins.ctxA, {
        lateCancelHours: "-1",
        autoAttendAfterHours: "0",
        baselineNoShowPercent: "120",
        baselineConfirmationPercent: "abc",
        baselineTimeToConfirmHours: "1",
      }),
    ).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: {
        lateCancelHours: "hoursInvalid",
        autoAttendAfterHours: "hoursInvalid",
        baselineNoShowPercent: "percentInvalid",
        baselineConfirmationPercent: "percentInvalid",
      },
    });
    expect(await getResultsRules(database.db, { clinicId: admins.clinicA.id })).toMatchObject({ lateCancelHours: 24 });
    expect(await getResultsRules(database.db, { clinicId: staff.clinicA.id })).toMatchObject({ lateCancelHours: 24 });
  });
});
