import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationType } from "@/db/schema/enums";
import { eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import type { Database } from "@/db/client";
import { appointments, clinics, deliveries, deliveryEvents } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import { buildLogLabels } from "@/lib/message-log/labels";
import { loadMessages } from "@/messages/load";
import { createMemoryProvider } from "../testing/memory-transport";
import { deliveriesById, seedDueBurst } from "../testing/burst";
import { setNotificationChannel } from "../settings";
import { runSweep } from "./sweep";
import type { DispatchDeps } from "./types";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** Clinic A in Tijuana with the default quiet hours (21:00–08:00) on; clinic B without them. */
async function setUp(dueAt: Date, params: { type?: NotificationType; visitInMs?: number } = {}) {
  const pair = await createTwoClinics(database.db);
  await database.db
    .update(clinics)
    .set({ timezone: "America/Tijuana", quietHoursEnabled: true, quietHoursStartMinute: 21 * 60, quietHoursEndMinute: 8 * 60 })
    .where(eq(clinics.id, pair.clinicA.id));
  await database.db.update(clinics).set({ timezone: "America/Tijuana" }).where(eq(clinics.id, pair.clinicB.id));
  const a = await seedDueBurst(database.db, {
    clinicId: pair.clinicA.id,
    count: 1,
    dueAt,
    channel: "whatsapp",
    visitInMs: params.visitInMs,
  });
  const b = await seedDueBurst(database.db, {
    clinicId: pair.clinicB.id,
    count: 1,
    dueAt,
    channel: "whatsapp",
    visitInMs: params.visitInMs,
  });
  if (params.type) {
    for (const clinicId of [pair.clinicA.id, pair.clinicB.id]) {
      await setNotificationChannel(database.db, { clinicId, notificationType: params.type, channel: "whatsapp", enabled: true });
    }
    for (const id of [...a.ids, ...b.ids]) {
      const [row] = await database.db.update(deliveries).set({ notificationType: params.type }).where(eq(deliveries.id, id)).returning();
      if (params.type === "cancellation") {
        await database.db.update(appointments).set({ status: "cancelled" }).where(eq(appointments.id, row.appointmentId!));
      }
    }
  }
  const provider = createMemoryProvider();
  const sweepAt = (at: Date) => {
    const deps: DispatchDeps = { db: database.db, transports: provider.transports, now: () => at };
    return runSweep(deps, { scope: { clinicIds: [pair.clinicA.id, pair.clinicB.id] } });
  };
  return { a: a.ids[0], b: b.ids[0], provider, sweepAt };
}

describe("quiet hours in the engine", () => {
  it("holds a confirmation due at 22:30 until 08:00 on the clinic's clock, then sends it; another clinic's goes at once", async () => {
    const due = new Date("2026-11-26T06:30:00Z"); // Wed 25 Nov, 22:30 in Tijuana (PST)
    const { a, b, provider, sweepAt } = await setUp(due);
    const first = await sweepAt(due);
    expect(first.outcomes).toMatchObject({ held: 1, sent: 1 });
    expect(provider.accepted.map((m) => m.deliveryId)).toEqual([b]);
    const [held] = await deliveriesById(database.db, [a]);
    expect(held).toMatchObject({ status: "scheduled", errorCode: "quiet_hours", attempts: 0, leaseOwner: null });
    expect(held.nextAttemptAt.toISOString()).toBe("2026-11-26T16:00:00.000Z"); // Thu 08:00 PST
    const events = await database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, a));
    expect(events.at(-1)).toMatchObject({
      status: "scheduled",
      errorCode: "quiet_hours",
      payload: { heldUntil: "2026-11-26T16:00:00.000Z" },
    });

    // The log says so, in both languages, on the clinic's clock.
    for (const [locale, words] of [
      ["es", "Retenido hasta las 08:00"],
      ["en", "Held until 08:00"],
    ] as const) {
      const messages = await loadMessages(locale);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const t = (namespace: string) => createTranslator({ locale, messages, namespace } as any) as any;
      expect(buildLogLabels(t("appointments"), t("messageLog")).statusNote(held, "America/Tijuana")).toBe(words);
    }

    await sweepAt(new Date("2026-11-26T15:59:00Z"));
    expect(provider.accepted).toHaveLength(1);
    await sweepAt(new Date("2026-11-26T16:00:00Z"));
    expect(provider.accepted.map((m) => m.deliveryId)).toEqual([b, a]);
    expect((await deliveriesById(database.db, [a]))[0]).toMatchObject({ status: "queued", attempts: 1 });
  });

  it("releases at 08:00 PDT on the night the clocks spring forward", async () => {
    const due = new Date("2026-03-08T06:00:00Z"); // Sat 7 Mar, 22:00 PST
    const { a, sweepAt } = await setUp(due);
    await sweepAt(due);
    expect((await deliveriesById(database.db, [a]))[0].nextAttemptAt.toISOString()).toBe("2026-03-08T15:00:00.000Z");
  });

  it("sends urgent messages at once: the 1 h reminder, and a cancellation of a visit early the next morning", async () => {
    const due = new Date("2026-11-26T06:30:00Z"); // 22:30
    const reminder = await setUp(due, { type: "reminder_1h", visitInMs: 60 * 60_000 });
    expect((await reminder.sweepAt(due)).outcomes).toMatchObject({ sent: 2 });
    // Visit at 09:00: held until 08:00 it would leave the patient one hour: it goes now.
    const early = await setUp(due, { type: "cancellation", visitInMs: 10.5 * 3_600_000 });
    expect((await early.sweepAt(due)).outcomes).toMatchObject({ sent: 2 });
    // A cancellation of next week's visit waits for the morning.
    const later = await setUp(due, { type: "cancellation", visitInMs: 7 * 86_400_000 });
    expect((await later.sweepAt(due)).outcomes).toMatchObject({ held: 1, sent: 1 });
  });
});
