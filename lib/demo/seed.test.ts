import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, clinics, deliveries, doctorProfiles, patients, users } from "@/db/schema";
import { openPglite } from "@/db/client";
import { DEMO_PASSWORD, DEMO_WORKING_HOURS, seedDemo } from "./seed";
import { isWithinHours } from "@/lib/staff/doctor-hours";
import { authenticateStaff } from "@/lib/auth/authenticate-staff";
import { zonedCalendarDate } from "@/lib/dates";

// The demo is seeded into its own in-memory database: its fixed emails would collide on a shared PostgreSQL.
let database: Database;
beforeAll(async () => {
  database = await openPglite({});
});
afterAll(async () => {
  await database.close();
});

describe("seedDemo", () => {
  it("loads two clinics with staff of every role, ~30 patients, and weekday appointments over the next two weeks", async () => {
    const now = new Date("2026-11-25T18:00:00Z");
    expect(await seedDemo(database.db, { now })).toBe(true);

    const all = await database.db.select().from(clinics);
    expect(all.map((c) => c.name).sort()).toEqual(["Clínica Luna", "Clínica Sol"]);
    const luna = all.find((c) => c.name === "Clínica Luna")!;
    expect(luna).toMatchObject({ timezone: "America/Mexico_City", currency: "MXN", defaultLocale: "es" });

    const staff = await database.db.select().from(users).where(eq(users.clinicId, luna.id));
    expect(new Set(staff.map((s) => s.role))).toEqual(new Set(["admin", "doctor", "staff"]));
    expect(staff.map((s) => s.name)).toContain("Dr. García");

    const lunaPatients = await database.db.select().from(patients).where(eq(patients.clinicId, luna.id));
    expect(lunaPatients.length).toBeGreaterThanOrEqual(30);
    expect(lunaPatients.every((p) => /^\+52\d{10}$/.test(p.phone ?? ""))).toBe(true);
    expect(new Set(lunaPatients.map((p) => p.preferredLocale))).toEqual(new Set(["es", "en"]));

    const visits = await database.db
      .select()
      .from(appointments)
      .where(
        inArray(
          appointments.clinicId,
          all.map((c) => c.id),
        ),
      );
    expect(visits.length).toBeGreaterThan(10);
    expect(new Set(visits.map((v) => v.kind))).toEqual(new Set(["in_person", "video"]));
    for (const visit of visits) {
      expect(visit.startsAt.getTime()).toBeGreaterThan(now.getTime());
      expect(visit.startsAt.getTime()).toBeLessThan(now.getTime() + 15 * 24 * 3600_000);
      const clinic = all.find((c) => c.id === visit.clinicId)!;
      expect([0, 6]).not.toContain(zonedCalendarDate(visit.startsAt, clinic.timezone).weekday);
      if (visit.kind === "video") expect(visit.videoUrl).toMatch(/^https:\/\//);
    }
    // The demo doctors have hours (Mon–Fri 9–14 and 16–19, Sat 9–13), and every seeded visit falls inside them.
    const profiles = await database.db.select().from(doctorProfiles);
    expect(profiles).toHaveLength((await database.db.select().from(users)).filter((u) => u.role === "doctor").length);
    for (const visit of visits) {
      const profile = profiles.find((p) => p.userId === visit.doctorId)!;
      const clinic = all.find((c) => c.id === visit.clinicId)!;
      expect(profile.workingHours).toEqual(DEMO_WORKING_HOURS);
      expect(isWithinHours(profile, { startsAt: visit.startsAt, endsAt: visit.endsAt, timeZone: clinic.timezone })).toBe(true);
    }
    // Booked as staff book: each visit has its confirmation now and its reminder planned.
    const planned = await database.db
      .select()
      .from(deliveries)
      .where(
        inArray(
          deliveries.clinicId,
          all.map((c) => c.id),
        ),
      );
    const types = new Set(planned.map((d) => d.notificationType));
    expect(types).toEqual(new Set(["booking_confirmation", "reminder"]));
    expect(planned.filter((d) => d.notificationType === "booking_confirmation" && d.channel === "whatsapp")).toHaveLength(visits.length);
  });

  it("is idempotent, and the printed password signs in", async () => {
    expect(await seedDemo(database.db)).toBe(false);
    expect(await database.db.select().from(clinics)).toHaveLength(2);
    const signedIn = await authenticateStaff(
      database.db,
      { email: "garcia@clinicaluna.mx", password: DEMO_PASSWORD },
      { clientKey: "203.0.113.7" },
    );
    expect(signedIn?.name).toBe("Dr. García");
  });
});
