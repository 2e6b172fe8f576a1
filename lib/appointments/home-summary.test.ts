import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { appointments } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { getHomeSummary } from "./home-summary";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

// Wednesday 2 Dec 2026, 10:00 in Tijuana (UTC-8): the week is Mon 30 Nov 08:00Z – Mon 7 Dec 08:00Z.
const NOW = new Date("2026-12-02T18:00:00Z");

describe("getHomeSummary", () => {
  it("counts this calendar week on the clinic's clock, without cancelled visits or another clinic's", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const zone = "America/Tijuana";
    const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor" });
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const doctorB = await createStaff(database.db, { clinicId: clinicB.id, role: "doctor" });
    const patientB = await createPatient(database.db, { clinicId: clinicB.id });
    const visit = (startsAt: string, extra: Partial<typeof appointments.$inferInsert> = {}) => ({
      clinicId: clinicA.id,
      patientId: patient.id,
      doctorId: doctor.id,
      startsAt: new Date(startsAt),
      endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000),
      ...extra,
    });
    await database.db.insert(appointments).values([
      visit("2026-11-30T08:00:00Z"), // Monday 00:00 Tijuana, already past: counted (it is this week)
      visit("2026-12-03T17:00:00Z"), // Thursday: counted, and upcoming
      visit("2026-12-07T07:30:00Z"), // Sunday 23:30 Tijuana (Monday in UTC): counted
      visit("2026-12-07T08:00:00Z"), // next Monday 00:00: not this week, but within 7 days
      visit("2026-11-30T07:30:00Z"), // last Sunday 23:30: not this week
      visit("2026-12-04T17:00:00Z", { status: "cancelled" }), // cancelled: not counted
      visit("2026-12-03T17:00:00Z", { clinicId: clinicB.id, patientId: patientB.id, doctorId: doctorB.id }),
    ]);

    const summary = await getHomeSummary(database.db, { clinicId: clinicA.id, timeZone: zone, now: NOW });
    expect(summary.week).toMatchObject({ total: 3, firstDay: "2026-11-30" });
    expect(summary.week.from.toISOString()).toBe("2026-11-30T08:00:00.000Z");
    expect(summary.patientTotal).toBe(1);
    expect(summary.upcoming.map((a) => a.startsAt.toISOString())).toEqual([
      "2026-12-03T17:00:00.000Z",
      "2026-12-07T07:30:00.000Z",
      "2026-12-07T08:00:00.000Z",
    ]);

    // The same instants read in Mexico City's zone make a different week: the zone decides, not the server's.
    const inMexicoCity = await getHomeSummary(database.db, { clinicId: clinicA.id, timeZone: "America/Mexico_City", now: NOW });
    // Mexico City's week is Mon 30 Nov 06:00Z – Mon 7 Dec 06:00Z: 30 Nov 07:30Z (01:30 Monday there) is in it,
    // 7 Dec 07:30Z (01:30 next Monday there) is not.
    expect(inMexicoCity.week.total).toBe(3);
    expect(inMexicoCity.week.from.toISOString()).toBe("2026-11-30T06:00:00.000Z");

    const other = await getHomeSummary(database.db, { clinicId: clinicB.id, timeZone: zone, now: NOW });
    expect(other).toMatchObject({ patientTotal: 1, week: { total: 1 } });
  });
});
