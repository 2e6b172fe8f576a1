import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, patients, type Delivery } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics, insertTestDelivery, uniqueMxPhone } from "@/db/testing/factories";
import { findReplyTargetAppointment, unsafeFindPatientsByPhone } from "./queries";
import { NOW, REPLY_AT, replyScenario } from "./test-fixtures";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const HOUR = 60 * 60_000;

async function insertDelivery(params: {
  clinicId: string;
  patientId: string;
  channel: Delivery["channel"];
  status: Delivery["status"];
  createdAt: Date;
  lastAttemptAt?: Date | null;
}) {
  await insertTestDelivery(database.db, {
    clinicId: params.clinicId,
    patientId: params.patientId,
    notificationType: "reminder",
    channel: params.channel,
    sendAt: params.createdAt,
    status: params.status,
    lastAttemptAt: params.lastAttemptAt ?? null,
    createdAt: params.createdAt,
    updatedAt: params.createdAt,
  });
}

/** One phone number, a patient with it in each of two clinics (the same person registered twice). */
async function sharedPhone() {
  const { clinicA, clinicB } = await createTwoClinics(database.db);
  const phone = uniqueMxPhone();
  const inA = await createPatient(database.db, { clinicId: clinicA.id, phone });
  const inB = await createPatient(database.db, { clinicId: clinicB.id, phone });
  const stranger = await createPatient(database.db, { clinicId: clinicB.id });
  return { clinicA, clinicB, phone, inA, inB, stranger };
}

describe("unsafeFindPatientsByPhone", () => {
  it("finds the patients of every clinic with the number, the one last written to on the reply's channel first", async () => {
    const s = await sharedPhone();
    await insertDelivery({
      clinicId: s.clinicA.id,
      patientId: s.inA.id,
      channel: "whatsapp",
      status: "delivered",
      createdAt: new Date(NOW.getTime() - 5 * HOUR),
      lastAttemptAt: new Date(NOW.getTime() - 4 * HOUR),
    });
    await insertDelivery({
      clinicId: s.clinicB.id,
      patientId: s.inB.id,
      channel: "whatsapp",
      status: "read",
      createdAt: new Date(NOW.getTime() - 6 * HOUR),
      lastAttemptAt: new Date(NOW.getTime() - 2 * HOUR),
    });
    // SMS: clinic A planned one (not attempted yet: its planning time counts); B's newer SMS were never sent.
    await insertDelivery({
      clinicId: s.clinicA.id,
      patientId: s.inA.id,
      channel: "sms",
      status: "scheduled",
      createdAt: new Date(NOW.getTime() - 3 * HOUR),
    });
    await insertDelivery({
      clinicId: s.clinicB.id,
      patientId: s.inB.id,
      channel: "sms",
      status: "skipped",
      createdAt: new Date(NOW.getTime() - HOUR),
      lastAttemptAt: new Date(NOW.getTime() - HOUR),
    });
    await insertDelivery({
      clinicId: s.clinicB.id,
      patientId: s.inB.id,
      channel: "sms",
      status: "cancelled",
      createdAt: new Date(NOW.getTime() - HOUR),
    });

    const onWhatsapp = await unsafeFindPatientsByPhone(database.db, { phone: s.phone, channel: "whatsapp" });
    expect(onWhatsapp.map((c) => [c.patient.clinicId, c.lastContactAt])).toEqual([
      [s.clinicB.id, new Date(NOW.getTime() - 2 * HOUR)],
      [s.clinicA.id, new Date(NOW.getTime() - 4 * HOUR)],
    ]);
    const onSms = await unsafeFindPatientsByPhone(database.db, { phone: s.phone, channel: "sms" });
    expect(onSms.map((c) => [c.patient.clinicId, c.lastContactAt])).toEqual([
      [s.clinicA.id, new Date(NOW.getTime() - 3 * HOUR)],
      [s.clinicB.id, null],
    ]);
  });

  it("without any message on the channel, takes the most recently updated patient", async () => {
    const s = await sharedPhone();
    await database.db
      .update(patients)
      .set({ updatedAt: new Date(NOW.getTime() - HOUR) })
      .where(eq(patients.id, s.inA.id));
    await database.db
      .update(patients)
      .set({ updatedAt: new Date(NOW.getTime() - 2 * HOUR) })
      .where(eq(patients.id, s.inB.id));
    expect((await unsafeFindPatientsByPhone(database.db, { phone: s.phone, channel: "sms" })).map((c) => c.patient.id)).toEqual([
      s.inA.id,
      s.inB.id,
    ]);
    await database.db.update(patients).set({ updatedAt: NOW }).where(eq(patients.id, s.inB.id));
    expect((await unsafeFindPatientsByPhone(database.db, { phone: s.phone, channel: "sms" })).map((c) => c.patient.id)).toEqual([
      s.inB.id,
      s.inA.id,
    ]);
  });

  it("finds nobody for an unknown number", async () => {
    await sharedPhone();
    expect(await unsafeFindPatientsByPhone(database.db, { phone: uniqueMxPhone(), channel: "whatsapp" })).toEqual([]);
  });
});

describe("findReplyTargetAppointment", () => {
  it("is the patient's next appointment still to come and not cancelled, in their clinic only", async () => {
    const s = await replyScenario(database.db);
    const later = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-12-10T10:00" });
    const next = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-30T10:00" });
    const cancelled = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-27T10:00" });
    await database.db.update(appointments).set({ status: "cancelled" }).where(eq(appointments.id, cancelled));
    // Already started by the time the reply arrives.
    const started = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-25T10:30" });
    const inB = await s.book({ ctx: s.ctxB, patientId: s.patientB.id, doctorId: s.doctorB.id, startsAt: "2026-11-26T10:00" });

    const a = { clinicId: s.clinicA.id, patientId: s.patientA.id, now: REPLY_AT };
    expect(await findReplyTargetAppointment(database.db, a)).toBe(next);
    expect(await findReplyTargetAppointment(database.db, { ...a, appointmentId: later })).toBe(later);
    for (const appointmentId of [cancelled, started, inB]) {
      expect(await findReplyTargetAppointment(database.db, { ...a, appointmentId })).toBeNull();
    }
    // Another clinic's id with that clinic named, but this patient: still not theirs.
    expect(
      await findReplyTargetAppointment(database.db, {
        clinicId: s.clinicB.id,
        patientId: s.patientA.id,
        now: REPLY_AT,
        appointmentId: inB,
      }),
    ).toBeNull();
    expect(await findReplyTargetAppointment(database.db, { clinicId: s.clinicB.id, patientId: s.patientB.id, now: REPLY_AT })).toBe(inB);
    const [row] = await database.db.select().from(appointments).where(eq(appointments.id, started));
    expect(row.startsAt.getTime()).toBeLessThan(REPLY_AT.getTime());
  });
});
