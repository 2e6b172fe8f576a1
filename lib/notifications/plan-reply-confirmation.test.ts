import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveries, deliveryEvents } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { planReplyConfirmation } from "./plan-reply-confirmation";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");
const messageSid = () => `SM${randomBytes(16).toString("hex")}`;

describe("planReplyConfirmation", () => {
  it("plans one confirmation, due now, on the reply's channel and in the patient's language, about no appointment", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id, preferredLocale: "en" });
    const other = await createPatient(database.db, { clinicId: clinicB.id });
    const sid = messageSid();

    const planned = await planReplyConfirmation(database.db, {
      clinicId: clinicA.id,
      patientId: patient.id,
      type: "opt_out_confirmation",
      channel: "whatsapp",
      locale: patient.preferredLocale,
      messageSid: sid,
      now: NOW,
    });

    expect(planned).toEqual([
      {
        id: expect.any(String),
        subjectType: "patient",
        subjectId: patient.id,
        appointmentId: null,
        notificationType: "opt_out_confirmation",
        channel: "whatsapp",
        nextAttemptAt: NOW,
      },
    ]);
    const [row] = await database.db.select().from(deliveries).where(eq(deliveries.id, planned[0].id));
    expect(row).toMatchObject({
      clinicId: clinicA.id,
      patientId: patient.id,
      appointmentId: null,
      appointmentVersion: null,
      notificationType: "opt_out_confirmation",
      channel: "whatsapp",
      locale: "en",
      templateKey: "opt_out_confirmation.en",
      sendAt: NOW,
      nextAttemptAt: NOW,
      status: "scheduled",
      idempotencyKey: `reply:${sid}:opt_out_confirmation`,
    });
    const events = await database.db.select().from(deliveryEvents).where(eq(deliveryEvents.deliveryId, row.id));
    expect(events).toMatchObject([{ clinicId: clinicA.id, status: "scheduled", source: "system", occurredAt: NOW }]);
    // The other clinic's patient got nothing.
    expect(await database.db.select().from(deliveries).where(eq(deliveries.patientId, other.id))).toEqual([]);
  });

  it("plans nothing a second time for the same message and type (a retried webhook)", async () => {
    const { clinicA } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const params = {
      clinicId: clinicA.id,
      patientId: patient.id,
      type: "opt_in_confirmation" as const,
      channel: "sms" as const,
      locale: "es" as const,
      messageSid: messageSid(),
      now: NOW,
    };
    const first = await planReplyConfirmation(database.db, params);
    const second = await planReplyConfirmation(database.db, { ...params, now: new Date(NOW.getTime() + 60_000) });
    expect(first).toHaveLength(1);
    expect(second).toEqual([]);
    const rows = await database.db.select().from(deliveries).where(eq(deliveries.patientId, patient.id));
    expect(rows).toMatchObject([{ notificationType: "opt_in_confirmation", channel: "sms", templateKey: "opt_in_confirmation.es" }]);
    expect(
      await database.db
        .select()
        .from(deliveryEvents)
        .where(
          inArray(
            deliveryEvents.deliveryId,
            rows.map((r) => r.id),
          ),
        ),
    ).toHaveLength(1);
  });
});
