import { and, asc, count, eq, gte, lt, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, patients, users } from "@/db/schema";

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
