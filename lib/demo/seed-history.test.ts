import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { openPglite } from "@/db/client";
import { appointments, clinics, deliveries } from "@/db/schema";
import { getResultsDashboard } from "@/lib/results/dashboard";
import { resolvePeriod } from "@/lib/results/period";
import { seedDemo } from "./seed";

// Its own in-memory database, like seed.test.ts: the demo's fixed emails would collide on a shared PostgreSQL.
let database: Database;
beforeAll(async () => {
  database = await openPglite({});
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-12-07T18:00:00Z"); // Monday 12:00 in Mexico City

describe("seedDemo with history", () => {
  it("fills the results page from two months of past visits booked through the real code, the same every run", async () => {
    expect(await seedDemo(database.db, { now: NOW, history: true })).toBe(true);
    const [luna] = await database.db.select().from(clinics).where(eq(clinics.name, "Clínica Luna"));
    const visits = await database.db.select().from(appointments).where(eq(appointments.clinicId, luna.id));
    const past = visits.filter((v) => v.startsAt < NOW);
    expect(past.length).toBe(80); // 40 weekdays × 2
    // Nothing past is left planned (the dev server would send it): the survey of the last visits may still be.
    const pending = await database.db.select().from(deliveries).where(eq(deliveries.clinicId, luna.id));
    expect(pending.filter((d) => d.status === "scheduled" && d.sendAt < NOW)).toEqual([]);
    // Every outcome recorded by staff, with when.
    expect(past.filter((v) => v.status === "scheduled" || v.status === "confirmed")).toEqual([]);
    expect(
      past.filter((v) => v.status === "completed" || v.status === "no_show").every((v) => v.outcomeRecordedByUserId && v.outcomeRecordedAt),
    ).toBe(true);

    const period = resolvePeriod({ period: "30d", now: NOW, timeZone: luna.timezone });
    const data = (await getResultsDashboard(database.db, { clinicId: luna.id, period, now: NOW, currency: "MXN" }))!;
    const previous = (await getResultsDashboard(database.db, {
      clinicId: luna.id,
      period: resolvePeriod({ period: "custom", from: "2026-10-08", to: "2026-11-07", now: NOW, timeZone: luna.timezone }),
      now: NOW,
      currency: "MXN",
    }))!;
    expect(data.current.noShowRate).not.toBeNull();
    expect(data.current.noShowRate!).toBeLessThan(previous.current.noShowRate!);
    expect(data.current.confirmationRate!).toBeGreaterThan(0.5);
    expect(data.current.timeToConfirm.medianSeconds).not.toBeNull();
    expect(data.current.lateCancelled).toBeGreaterThan(0);
    expect(data.satisfaction.answered).toBeGreaterThan(0);
    expect(data.satisfaction.csat!).toBeGreaterThan(0.5);
    expect(data.channels.find((c) => c.channel === "whatsapp")!.failed).toBeGreaterThan(0);
    expect(data.toCloseTotal).toBe(0);
    // Deterministic: the figures, exactly.
    expect({
      attended: data.current.attended,
      noShows: data.current.noShows,
      confirmed: data.current.confirmed,
      requested: data.current.requested,
      answered: data.satisfaction.answered,
      asked: data.satisfaction.asked,
    }).toMatchInlineSnapshot(`
      {
        "answered": 22,
        "asked": 34,
        "attended": 34,
        "confirmed": 26,
        "noShows": 4,
        "requested": 40,
      }
    `);
  });
});
