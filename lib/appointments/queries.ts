import { and, asc, count, desc, eq, gte, inArray, isNull, lt, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, deliveries, patients, users } from "@/db/schema";

/** A clinic's appointments in [from, to), earliest first, with the patient's and doctor's names. */
export async function listAppointmentsBetween(db: Db, params: { clinicId: string; from: Date; to: Date; limit?: number }) {
  return db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      kind: appointments.kind,
      status: appointments.status,
      patientId: patients.id,
      patientFirstName: patients.firstName,
      patientLastName: patients.lastName,
      doctorName: users.name,
    })
    .from(appointments)
    .innerJoin(patients, and(eq(patients.id, appointments.patientId), eq(patients.clinicId, params.clinicId)))
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .where(
      and(
        eq(appointments.clinicId, params.clinicId),
        gte(appointments.startsAt, params.from),
        lt(appointments.startsAt, params.to),
        ne(appointments.status, "cancelled"),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(params.limit ?? 100);
}

export async function countPatients(db: Db, params: { clinicId: string }) {
  const [{ total }] = await db.select({ total: count() }).from(patients).where(eq(patients.clinicId, params.clinicId));
  return total;
}

/** A patient's appointments (newest first) with every message planned or sent for each. */
export async function listPatientAppointments(db: Db, params: { clinicId: string; patientId: string }) {
  const rows = await db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      kind: appointments.kind,
      status: appointments.status,
      videoUrl: appointments.videoUrl,
      version: appointments.version,
      confirmedBy: appointments.confirmedBy,
      cancelledBy: appointments.cancelledBy,
      doctorName: users.name,
    })
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .where(and(eq(appointments.clinicId, params.clinicId), eq(appointments.patientId, params.patientId)))
    .orderBy(desc(appointments.startsAt))
    .limit(50);
  if (rows.length === 0) return [];
  const messages = await db
    .select({
      id: deliveries.id,
      appointmentId: deliveries.appointmentId,
      notificationType: deliveries.notificationType,
      channel: deliveries.channel,
      status: deliveries.status,
      sendAt: deliveries.sendAt,
      errorCode: deliveries.errorCode,
      simulated: deliveries.simulated,
      fallbackOfId: deliveries.fallbackOfId,
      providerMessageId: deliveries.providerMessageId,
    })
    .from(deliveries)
    .where(and(eq(deliveries.clinicId, params.clinicId), inArray(deliveries.appointmentId, rows.map((r) => r.id))))
    .orderBy(asc(deliveries.sendAt), asc(deliveries.createdAt));
  return rows.map((row) => ({ ...row, messages: messages.filter((m) => m.appointmentId === row.id) }));
}

/** The clinic's doctors, for booking. */
export async function listDoctors(db: Db, params: { clinicId: string }) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.clinicId, params.clinicId), eq(users.role, "doctor"), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
}
