import { randomUUID } from "node:crypto";
import type { NotificationType } from "@/db/schema/enums";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, deliveries, inboundMessages } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, insertTestDeliveries, staffContext } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { listPatientHistory, openPatientChart } from "./chart";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("patient chart", () => {
  it("records every staff view of a chart (actor, patient, no values), and nothing for another clinic's patient", async () => {
    const { db } = database;
    const { clinicA, clinicB, ctxA, ctxB } = await createTwoClinics(db, "staff");
    const doctorA = staffContext(await createStaff(db, { clinicId: clinicA.id, role: "doctor" }), clinicA);
    const patient = await createPatient(db, { clinicId: clinicA.id, firstName: "Lucía", lastName: "Ramírez" });

    expect((await openPatientChart(db, ctxA, { patientId: patient.id }))?.id).toBe(patient.id);
    expect((await openPatientChart(db, doctorA, { patientId: patient.id }))?.id).toBe(patient.id);
    expect(await openPatientChart(db, ctxB, { patientId: patient.id })).toBeNull();
    expect(await openPatientChart(db, ctxA, { patientId: "not-a-uuid" })).toBeNull();

    const views = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, clinicA.id), eq(auditLog.action, "patient.viewed")));
    expect(views.map((v) => v.actorUserId).sort()).toEqual([ctxA.userId, doctorA.userId].sort());
    for (const view of views) {
      expect(view).toMatchObject({ entityType: "patient", entityId: patient.id, metadata: null });
    }
    expect(JSON.stringify(views)).not.toMatch(/Lucía|Ramírez|\+52/);
    expect(await db.select().from(auditLog).where(eq(auditLog.clinicId, clinicB.id))).toEqual([]);
  });

  it("lists every delivery (with or without a visit) and every reply of the patient, newest first, this clinic only", async () => {
    const { db } = database;
    const { clinicA, clinicB, ctxA } = await createTwoClinics(db, "staff");
    const doctor = await createStaff(db, { clinicId: clinicA.id, role: "doctor" });
    const patient = await createPatient(db, { clinicId: clinicA.id });
    const other = await createPatient(db, { clinicId: clinicA.id });
    const foreign = await createPatient(db, { clinicId: clinicB.id, phone: patient.phone });
    const now = new Date("2026-11-20T16:00:00Z");
    const booked = await bookAppointment(db, ctxA, {
      input: { patientId: patient.id, doctorId: doctor.id, startsAt: "2026-11-27T10:00", durationMinutes: 30, kind: "in_person" },
      now,
    });
    if (!booked.ok) throw new Error(JSON.stringify(booked));

    const delivery = (values: {
      clinicId: string;
      patientId: string;
      type: NotificationType;
      at: Date;
      status?: "sent" | "delivered";
    }) => ({
      clinicId: values.clinicId,
      patientId: values.patientId,
      notificationType: values.type,
      channel: "whatsapp" as const,
      sendAt: values.at,
      lastAttemptAt: values.at,
      status: values.status ?? ("sent" as const),
    });
    await insertTestDeliveries(db, [
      delivery({ clinicId: clinicA.id, patientId: patient.id, type: "opt_out_confirmation", at: new Date("2026-11-22T17:00:01Z") }),
      delivery({ clinicId: clinicA.id, patientId: other.id, type: "opt_out_confirmation", at: new Date("2026-11-22T17:00:00Z") }),
      delivery({ clinicId: clinicB.id, patientId: foreign.id, type: "opt_out_confirmation", at: new Date("2026-11-22T17:00:00Z") }),
    ]);
    const reply = (clinicId: string, patientId: string, at: Date, body: string) => ({
      clinicId,
      patientId,
      channel: "whatsapp" as const,
      providerMessageId: `SM${randomUUID().replace(/-/g, "")}`,
      fromAddress: `whatsapp:${patient.phone}`,
      body,
      intent: "opt_out" as const,
      receivedAt: at,
    });
    await db
      .insert(inboundMessages)
      .values([
        reply(clinicA.id, patient.id, new Date("2026-11-22T17:00:00Z"), "BAJA"),
        reply(clinicB.id, foreign.id, new Date("2026-11-22T17:00:00Z"), "BAJA de otra clínica"),
      ]);

    const history = await listPatientHistory(db, { clinicId: clinicA.id, patientId: patient.id });
    const planned = await db.select().from(deliveries).where(eq(deliveries.appointmentId, booked.appointmentId));
    expect(planned.length).toBeGreaterThan(0);
    // The visit's messages (planned: the confirmation now, the reminder before the visit), the reply and its confirmation.
    expect(history).toHaveLength(planned.length + 2);
    const times = history.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(history.filter((e) => e.kind === "reply").map((e) => e.kind === "reply" && e.body)).toEqual(["BAJA"]);
    const optOut = history.find((e) => e.kind === "delivery" && e.notificationType === "opt_out_confirmation");
    expect(optOut).toMatchObject({ appointmentStartsAt: null });
    // The confirmation answered the reply, a second later: it comes first, the reply right after.
    expect(history.findIndex((e) => e === optOut)).toBe(history.findIndex((e) => e.kind === "reply") - 1);
    const visitMessages = history.filter((e) => e.kind === "delivery" && e.appointmentStartsAt);
    expect(visitMessages.map((e) => e.id).sort()).toEqual(planned.map((d) => d.id).sort());
  });
});
